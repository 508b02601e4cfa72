// What the end-to-end test files (e2e.test.mjs, dpdk.test.mjs) share: harness pages at the appliance's origin, the
// clients in them, bounded waits, failure diagnostics, clean-up, and the two tests both run against their
// appliance (deliveryTests): (a) thousands of deltas from one page received in order by another, (b) a late
// snapshot subscriber converges. Every wait is bounded.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { openTestPage } from './chromium.mjs';

/** Lines the pages of this test file printed, shown when a test fails. */
export const consoleLines = [];

let nextBoard = 100 + Math.floor(Math.random() * 1_000_000);
/** A board number of its own for each test (the demo page's `?board=<n>`). */
export const newBoardNumber = () => nextBoard++;
/** A board document of its own for each test: "1/<n>". */
export const newBoard = () => `1/${newBoardNumber()}`;

/** Opens a page at the appliance's origin with the harness loaded as `window.h`. */
export async function harnessPage(chromium, appliance) {
  const page = await openTestPage(chromium.browser, appliance.signalingUrl, { onConsole: (l) => consoleLines.push(l) });
  await page.evaluate(async () => {
    window.h = await import('/__deltad_test__/harness.js');
  });
  return page;
}

/** Opens a client `name` in `page` with a demo token from the appliance; fails with what the client said. */
export async function openClient(page, name) {
  const opened = await bounded(page.evaluate((n) => window.h.open(n), name), 30_000, `opening ${name}`);
  assert.equal(opened.ok, true, `client ${name} did not open: ${JSON.stringify(opened)}`);
}

/** Subscribes client `name` to `doc`; resolves when live (bounded: a lost SUBSCRIBED would hang). */
export const subscribe = (page, name, doc, position = { snapshot: true }) => bounded(
  page.evaluate(([n, d, p]) => window.h.subscribe(n, d, p), [name, doc, position]), 15_000, `${name} subscribing to ${doc}`);
export const summary = (page, name, doc) => page.evaluate(([n, d]) => window.h.summary(n, d), [name, doc]);
export const waitForSeq = (page, name, doc, seq, timeoutMs) =>
  page.evaluate(([n, d, s, t]) => window.h.waitForSeq(n, d, s, t), [name, doc, seq, timeoutMs]);

/** Rejects after `ms`: for the waits Playwright does not bound itself (page.evaluate). */
export function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The appliance's non-zero deltad_webrtc_*, deltad_dpdk_* and session series, for a failure report. */
async function webrtcMetrics(appliance) {
  try {
    return (await appliance.metrics()).split('\n')
      .filter((l) => /^deltad_(webrtc|dpdk|sessions|signaling|deltas)/.test(l) && !/ 0(\.0)?$/.test(l)).join('\n');
  } catch (e) {
    return `(no metrics: ${e.message})`;
  }
}

/** Runs `body`; when it fails, prints each page's clients, the pages' console, the appliance's metrics and log. */
export async function withDiagnostics(t, appliance, body, pages = []) {
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
export async function cleanUp(pages, chromium, appliance) {
  for (const page of pages) {
    await bounded(page.evaluate(() => window.h?.closeAll()), 5000, 'closeAll').catch(() => {});
  }
  await bounded(chromium?.close() ?? Promise.resolve(), 20_000, 'closing Chromium').catch(() => {});
  await appliance?.stop({ graceMs: 10_000 });
}

/**
 * Declares (a) and (b) in the calling `describe`, on a board of their own. `run` is the describe's: its `before()`
 * sets `run.appliance` and `run.chromium`, and its `after()` cleans up `run.pages`, where the tests put their pages
 * (A, B, then C).
 * @param {{appliance?: import('./appliance.mjs').Appliance, chromium?: object, pages: Array}} run
 * @param {number} [deltas] how many deltas A sends in (a)
 */
export function deliveryTests(run, deltas = 10_000) {
  const board = newBoard();
  let sent; // what A's deltas got: [[seq, x], ...]
  test(`(a) A sends ${deltas.toLocaleString('en-US')} deltas to a board, B receives every one in order`, { timeout: 90_000 }, async (t) => {
    await withDiagnostics(t, run.appliance, async () => {
      sent = await sendAndReceiveInOrder(t, run.chromium, run.appliance, run.pages, board, deltas);
    }, run.pages);
  });
  test('(b) a page that subscribes late with a snapshot converges to the same fields', { timeout: 60_000 }, async (t) => {
    await withDiagnostics(t, run.appliance, async () => {
      await lateSnapshotConverges(run.chromium, run.appliance, run.pages, board, sent);
    }, run.pages);
  });
}

/**
 * (a): pages A and B (appended to `pages`), B subscribed to `board` with a snapshot, A sends `count` deltas 500 per
 * tick; every one must be ACKed with seqs 1..count and reach B exactly once, in order, with A's values.
 * @returns {Promise<Array<[number, number]>>} what A's deltas got: [[seq, x], ...]
 */
async function sendAndReceiveInOrder(t, chromium, appliance, pages, board, count) {
  const [pageA, pageB] = [await harnessPage(chromium, appliance), await harnessPage(chromium, appliance)];
  pages.push(pageA, pageB);
  await openClient(pageB, 'B');
  await openClient(pageA, 'A');
  await subscribe(pageB, 'B', board);
  const result = await bounded(pageA.evaluate(([doc, n]) => window.h.sendX('A', doc, { count: n, perTick: 500 }),
    [board, count]), 60_000, 'A sending');
  assert.deepEqual(result.refused, {}, 'no delta refused');
  assert.equal(result.acked, count);
  const sent = result.seqs;
  const lastSeq = sent.at(-1)[0];
  assert.equal(lastSeq, sent.length, 'document seqs 1..N with no hole');
  assert.ok(await waitForSeq(pageB, 'B', board, lastSeq, 60_000), 'B received the last delta');
  const b = await summary(pageB, 'B', board);
  assert.equal(b.count, count, 'each delta exactly once');
  assert.equal(b.outOfOrder, 0, 'in document order');
  assert.deepEqual(b.xBySeq, sent, 'the same delta at the same seq as A was told');
  assert.equal(b.fields.x, sent.at(-1)[1]);
  t.diagnostic(`A: ${result.retries} retries; B: ${JSON.stringify(b.stats)}`);
  return sent;
}

/**
 * (b), after (a) on the same `pages` [A, B, ...] and `board`: A sends three more ops, then a new page C subscribes
 * with a snapshot; C's single snapshot is at the document's seq and its fields equal B's and the expected ones.
 */
async function lateSnapshotConverges(chromium, appliance, pages, board, sent) {
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
}
