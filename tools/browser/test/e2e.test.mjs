// End to end: headless Chromium pages with the client library against a real appliance in the same network
// namespace (started by the test), over signaling, ICE-lite, DTLS, SCTP and the DataChannels. Every wait is
// bounded; the hooks close the pages, Chromium and the appliance whatever happened (and run-tests.sh runs the whole
// suite in a pid namespace, so nothing outlives it even if this process is killed).
//
// (a)-(b) a sender and live and late subscribers, (c) dedicated unordered channels under loss, (d) the demo page,
// (e) loss on the control channel. DELTAD_TEST_DEDICATED_CHANNELS=0 skips (c).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchChromium } from '../lib/chromium.mjs';
import { startAppliance } from '../lib/appliance.mjs';
import {
  bounded, cleanUp, consoleLines, deliveryTests, harnessPage, newBoard, newBoardNumber, openClient, subscribe, summary,
  waitForSeq, withDiagnostics,
} from '../lib/e2e.mjs';

const DELTAS = 10_000;
const LOSSY_DELTAS = 5000;
const DEDICATED_CHANNELS = process.env.DELTAD_TEST_DEDICATED_CHANNELS !== '0';

describe('browser clients through the appliance', { timeout: 150_000 }, () => {
  const run = { pages: [] };

  before(async () => {
    run.appliance = await startAppliance();
    run.chromium = await launchChromium();
  });

  after(async () => {
    await cleanUp(run.pages, run.chromium, run.appliance);
  });

  deliveryTests(run, DELTAS);
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
      const number = newBoardNumber();
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
