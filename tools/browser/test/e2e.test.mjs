// End to end: headless Chromium pages with the client library against a real appliance in the same network
// namespace (started by the test), over signaling, ICE-lite, DTLS, SCTP and the DataChannels. Every wait is
// bounded; the hooks close the pages, Chromium and the appliance whatever happened (and run-tests.sh runs the whole
// suite in a pid namespace, so nothing outlives it even if this process is killed).
//
// (a)-(b) a sender and live and late subscribers, (c) dedicated unordered channels under loss, (d) the demo page,
// (e) loss on the control channel. DELTAD_TEST_DEDICATED_CHANNELS=0 skips (c).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchChromium, openTestPage } from '../lib/chromium.mjs';
import { startAppliance } from '../lib/appliance.mjs';

const DELTAS = 10_000;
const LOSSY_DELTAS = 5000;
const DEDICATED_CHANNELS = process.env.DELTAD_TEST_DEDICATED_CHANNELS !== '0';

/** A board document of its own for each test: "1/<n>". */
let nextBoard = 100 + Math.floor(Math.random() * 1_000_000);
const newBoard = () => `1/${nextBoard++}`;

/** Lines the pages printed, shown when a test fails. */
const consoleLines = [];

/** Opens a page at the appliance's origin with the harness loaded as `window.h`. */
async function harnessPage(chromium, appliance) {
  const page = await openTestPage(chromium.browser, appliance.signalingUrl, { onConsole: (l) => consoleLines.push(l) });
  await page.evaluate(async () => {
    window.h = await import('/__deltad_test__/harness.js');
  });
  return page;
}

/** Opens a client `name` in `page` with a demo token from the appliance; fails with what the client said. */
async function openClient(page, name) {
  const opened = await bounded(page.evaluate((n) => window.h.open(n), name), 30_000, `opening ${name}`);
  assert.equal(opened.ok, true, `client ${name} did not open: ${JSON.stringify(opened)}`);
}

/** Subscribes client `name` to `doc`; resolves when live (bounded: a lost SUBSCRIBED would hang). */
const subscribe = (page, name, doc, position = { snapshot: true }) => bounded(
  page.evaluate(([n, d, p]) => window.h.subscribe(n, d, p), [name, doc, position]), 15_000, `${name} subscribing to ${doc}`);
const summary = (page, name, doc) => page.evaluate(([n, d]) => window.h.summary(n, d), [name, doc]);
const waitForSeq = (page, name, doc, seq, timeoutMs) =>
  page.evaluate(([n, d, s, t]) => window.h.waitForSeq(n, d, s, t), [name, doc, seq, timeoutMs]);

/** Rejects after `ms`: for the waits Playwright does not bound itself (page.evaluate). */
function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The appliance's non-zero deltad_webrtc_* and session series, for a failure report. */
async function webrtcMetrics(appliance) {
  try {
    const text = await (await fetch(`${appliance.metricsUrl}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
    return text.split('\n').filter((l) => /^deltad_(webrtc|sessions|signaling|deltas)/.test(l) && !/ 0(\.0)?$/.test(l)).join('\n');
  } catch (e) {
    return `(no metrics: ${e.message})`;
  }
}

async function withDiagnostics(t, appliance, body, pages = []) {
  try {
    await body();
  } catch (e) {
    for (const page of pages) {
      const clients = await bounded(page.evaluate(() => window.h?.report()), 5000, 'report').catch((x) => x.message);
      t.diagnostic(`clients: ${JSON.stringify(clients)}`);
    }
    t.diagnostic(`page console (last 50):\n${consoleLines.slice(-50).join('\n')}`);
    t.diagnostic(`appliance metrics:\n${await webrtcMetrics(appliance)}`);
    t.diagnostic(`appliance log (last 4000 chars):\n${appliance.log().slice(-4000)}`);
    throw e;
  }
}

/** Closes the pages' clients (DELETE of their sessions), Chromium and the appliance; each step bounded. */
async function cleanUp(pages, chromium, appliance) {
  for (const page of pages) {
    await bounded(page.evaluate(() => window.h?.closeAll()), 5000, 'closeAll').catch(() => {});
  }
  await bounded(chromium?.close() ?? Promise.resolve(), 20_000, 'closing Chromium').catch(() => {});
  await appliance?.stop({ graceMs: 10_000 });
}

describe('browser clients through the appliance', { timeout: 150_000 }, () => {
  let appliance;
  let chromium;
  const pages = [];
  const board = newBoard();
  let sent; // what A's deltas got: [[seq, x], ...]

  before(async () => {
    appliance = await startAppliance();
    chromium = await launchChromium();
  });

  after(async () => {
    await cleanUp(pages, chromium, appliance);
  });

  test('(a) A sends 10,000 deltas to a board, B receives every one in order', { timeout: 90_000 }, async (t) => {
    await withDiagnostics(t, appliance, async () => {
      const [pageA, pageB] = [await harnessPage(chromium, appliance), await harnessPage(chromium, appliance)];
      pages.push(pageA, pageB);
      await openClient(pageB, 'B');
      await openClient(pageA, 'A');
      await subscribe(pageB, 'B', board);
      const result = await bounded(pageA.evaluate(([doc, count]) => window.h.sendX('A', doc, { count, perTick: 500 }),
        [board, DELTAS]), 60_000, 'A sending');
      assert.deepEqual(result.refused, {}, 'no delta refused');
      assert.equal(result.acked, DELTAS);
      sent = result.seqs;
      const lastSeq = sent.at(-1)[0];
      assert.equal(lastSeq, sent.length, 'document seqs 1..N with no hole');
      assert.ok(await waitForSeq(pageB, 'B', board, lastSeq, 60_000), 'B received the last delta');
      const b = await summary(pageB, 'B', board);
      assert.equal(b.count, DELTAS, 'each delta exactly once');
      assert.equal(b.outOfOrder, 0, 'in document order');
      assert.deepEqual(b.xBySeq, sent, 'the same delta at the same seq as A was told');
      assert.equal(b.fields.x, sent.at(-1)[1]);
      t.diagnostic(`A: ${result.retries} retries; B: ${JSON.stringify(b.stats)}`);
    }, pages);
  });

  test('(b) a page that subscribes late with a snapshot converges to the same fields', { timeout: 60_000 }, async (t) => {
    await withDiagnostics(t, appliance, async () => {
      assert.ok(sent, 'needs (a)');
      const [pageA, pageB] = pages;
      for (const ops of [{ title: 'converged' }, { color: 'blue' }, [{ op: 'increment', field: 'votes', by: 3 }]]) {
        const r = await bounded(pageA.evaluate(([doc, o]) => window.h.sendOps('A', doc, o), [board, ops]), 15_000, 'A sending ops');
        assert.ok(r.seq, `A's ${JSON.stringify(ops)}: ${JSON.stringify(r)}`);
      }
      const lastSeq = sent.length + 3;
      assert.ok(await waitForSeq(pageB, 'B', board, lastSeq, 20_000));
      const pageC = await harnessPage(chromium, appliance);
      pages.push(pageC);
      await openClient(pageC, 'C');
      await subscribe(pageC, 'C', board, { snapshot: true });
      const [b, c] = [await summary(pageB, 'B', board), await summary(pageC, 'C', board)];
      assert.deepEqual(c.snapshots, [lastSeq], 'one snapshot at the document\'s seq');
      assert.deepEqual(c.fields, b.fields);
      assert.deepEqual(c.fields, { title: 'converged', x: sent.at(-1)[1], color: 'blue', votes: 3 });
    }, pages);
  });
});

/**
 * The loss tests' common run: B (snapshot) and C (fromSeq 1) subscribe to a new board, A sends LOSSY_DELTAS in ticks
 * of 250 with `pauseMs` between them; every delta must be ACKed, reach both subscribers exactly once in document
 * order with the same values, and no session may be lost. Returns [name, summary] of each subscriber.
 */
async function publishUnderLoss(chromium, appliance, pages, { pauseMs, convergeMs }) {
  const board = newBoard();
  const [pageA, pageB, pageC] = [
    await harnessPage(chromium, appliance), await harnessPage(chromium, appliance), await harnessPage(chromium, appliance)];
  pages.push(pageA, pageB, pageC);
  await openClient(pageB, 'B');
  await openClient(pageC, 'C');
  await openClient(pageA, 'A');
  await subscribe(pageB, 'B', board, { snapshot: true });
  await subscribe(pageC, 'C', board, { fromSeq: 1 });
  const result = await bounded(pageA.evaluate(([doc, count, pause]) => window.h.sendX('A', doc,
    { count, perTick: 250, pauseMs: pause }), [board, LOSSY_DELTAS, pauseMs]), 60_000, 'A sending');
  assert.deepEqual(result.refused, {});
  assert.equal(result.acked, LOSSY_DELTAS);
  const lastSeq = result.seqs.at(-1)[0];
  const subscribers = [];
  for (const [page, name] of [[pageB, 'B'], [pageC, 'C']]) {
    assert.ok(await waitForSeq(page, name, board, lastSeq, convergeMs), `${name} converged`);
    const s = await summary(page, name, board);
    assert.deepEqual(s.states, ['connecting', 'open'], `${name}: no session lost`);
    assert.equal(s.count, LOSSY_DELTAS, `${name}: each delta exactly once`);
    assert.equal(s.outOfOrder, 0, `${name}: in document order`);
    assert.deepEqual(s.xBySeq, result.seqs, `${name}: the same deltas`);
    assert.equal(s.fields.x, result.seqs.at(-1)[1]);
    subscribers.push([name, s]);
  }
  assert.deepEqual((await summary(pageA, 'A', board)).states, ['connecting', 'open'], 'A: no session lost');
  return subscribers;
}

describe('browser clients under 5% egress loss with a dedicated unordered channel', {
  timeout: 200_000,
  skip: DEDICATED_CHANNELS ? false
    : 'skipped: DELTAD_TEST_DEDICATED_CHANNELS=0',
}, () => {
  let appliance;
  let chromium;
  const pages = [];

  before(async () => {
    appliance = await startAppliance({ loss: 0.05, lossSeed: 42, dedicatedThreshold: 200 });
    chromium = await launchChromium();
  });

  after(async () => {
    await cleanUp(pages, chromium, appliance);
  });

  test('(c) every subscriber ends converged through gap repair', { timeout: 150_000 }, async (t) => {
    await withDiagnostics(t, appliance, async () => {
      // 250 deltas every 100 ms (~2,000/s over ~2 s): the appliance decides per 200 ms window, so the board is
      // promoted to a dedicated channel (threshold 200/s) early in the stream, and the deltas before and after the
      // switch travel on both channels.
      const subscribers = await publishUnderLoss(chromium, appliance, pages, { pauseMs: 100, convergeMs: 45_000 });
      for (const [name, s] of subscribers) {
        assert.ok(s.stats.dedicatedChannels >= 1, `${name}: the busy board got a dedicated channel`);
        assert.ok(s.stats.repairsRequested > 0, `${name}: losses were repaired (${JSON.stringify(s.stats)})`);
        t.diagnostic(`${name}: ${JSON.stringify(s.stats)}`);
      }
    }, pages);
  });
});

describe('browser clients under 5% egress loss on the control channel', { timeout: 120_000 }, () => {
  let appliance;
  let chromium;
  const pages = [];

  before(async () => {
    appliance = await startAppliance({ loss: 0.05, lossSeed: 7, dedicatedThreshold: 0 });
    chromium = await launchChromium();
  });

  after(async () => {
    await cleanUp(pages, chromium, appliance);
  });

  // Loss reaches the handshakes too: a DTLS flight retransmitted three times made the JDK halve its output packet
  // size for good, and every full-size SCTP packet then went out cut short (the association stalled and died).
  test('(e) every subscriber converges in order and no session is lost', { timeout: 90_000 }, async (t) => {
    await withDiagnostics(t, appliance, async () => {
      await publishUnderLoss(chromium, appliance, pages, { pauseMs: 50, convergeMs: 30_000 });
    }, pages);
  });
});

describe('the demo page', { timeout: 90_000 }, () => {
  let appliance;
  let chromium;

  before(async () => {
    appliance = await startAppliance();
    chromium = await launchChromium();
  });

  after(async () => {
    await cleanUp([], chromium, appliance);
  });

  test('(d) an edit in one tab appears in the other', { timeout: 60_000 }, async (t) => {
    await withDiagnostics(t, appliance, async () => {
      const number = nextBoard++;
      const context = await chromium.browser.newContext();
      const tabs = [await context.newPage(), await context.newPage()];
      for (const tab of tabs) {
        tab.on('console', (m) => consoleLines.push(`[demo ${m.type()}] ${m.text()}`));
        tab.on('pageerror', (e) => consoleLines.push(`[demo pageerror] ${e.message}`));
        await tab.goto(`${appliance.signalingUrl}/?board=${number}`);
      }
      for (const tab of tabs) {
        await tab.locator('#state[data-state="open"]').waitFor({ timeout: 20_000 });
        await tab.locator('#board[data-live="true"]').waitFor({ timeout: 20_000 });
      }
      const [one, two] = tabs;
      await one.fill('#field-title', 'hello from tab one');
      await two.waitForFunction(() => document.querySelector('#field-title').value === 'hello from tab one', null, { timeout: 10_000 });
      await two.selectOption('#field-color', 'green');
      await one.waitForFunction(() => document.querySelector('#field-color').value === 'green', null, { timeout: 10_000 });
      await two.click('#vote-up');
      await two.click('#vote-up');
      await one.waitForFunction(() => document.querySelector('#field-votes').textContent.trim() === '2', null, { timeout: 10_000 });
      await context.close();
    });
  });
});
