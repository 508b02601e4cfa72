// The client's WebRTC side in real Chromium, against a fake deltad inside the same page (page/fake-deltad.js): two
// RTCPeerConnections, real DataChannels, a dedicated unordered channel with losses, a killed session.
//
// Two peers in one browser need a host candidate, which Chromium does not gather with loopback alone. So this file
// re-runs itself in a nested network namespace with a veth and a default route; the appliance tests stay in the
// loopback-only namespace run-tests.sh made.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { launchChromium, openTestPage } from '../lib/chromium.mjs';

const ORIGIN = 'http://deltad.test';
const BOARD_1 = '1/1';

/** Runs in the demo page before its scripts: /v1/demo-token and /v1/sessions go to an in-page fake deltad. */
function demoFakeFetch() {
  const realFetch = window.fetch.bind(window);
  let fake;
  window.fetch = async (input, init = {}) => {
    const url = new URL(String(input), location.href);
    if (url.pathname === '/v1/demo-token') {
      // The shape of the appliance's answer (docs/SIGNALING.md); the fake accepts the token "good".
      return new Response(JSON.stringify({ token: 'good', sub: 'demo-test', read: ['board/*'], write: ['board/*'], ttl: 3600 }),
        { status: 200, headers: { 'Content-Type': 'application/json' } });
    }
    if (url.pathname.startsWith('/v1/sessions')) {
      fake ??= import('/__deltad_test__/fake-deltad.js').then(({ FakeDeltad }) => {
        window.fake = new FakeDeltad({});
        return window.fake;
      });
      return (await fake).fetch(String(input), init);
    }
    return realFetch(input, init);
  };
}

if (process.env.DELTAD_TEST_VETH !== '1') {
  test('client transport against an in-page fake deltad (nested netns with a veth)', { timeout: 240_000 }, (t) => {
    const setup = [
      'ip link set lo up',
      'ip link add deltad-v0 type veth peer name deltad-v1',
      'ip addr add 10.99.0.1/24 dev deltad-v0',
      'ip link set deltad-v0 up',
      'ip link set deltad-v1 up',
      'ip route add default via 10.99.0.2 dev deltad-v0 onlink',
    ].join(' && ');
    const unshare = process.getuid() === 0 ? ['-n'] : ['-r', '-n'];
    // Without NODE_TEST_CONTEXT the nested runner runs the file instead of taking it for a recursive call.
    const { NODE_TEST_CONTEXT, ...env } = process.env;
    const run = spawnSync('unshare', [...unshare, 'bash', '-c', `${setup} && exec "$0" --test --test-reporter=spec "$1"`,
      process.execPath, fileURLToPath(import.meta.url)], {
      env: { ...env, DELTAD_TEST_VETH: '1' }, encoding: 'utf8', timeout: 230_000, killSignal: 'SIGKILL',
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    for (const line of output.trimEnd().split('\n')) {
      t.diagnostic(line);
    }
    assert.equal(run.status, 0, `nested run failed (status ${run.status}, ${run.error?.message ?? ''}):\n${output}`);
    assert.match(output, /ℹ pass [1-9]/, 'the nested run ran tests');
    assert.match(output, /ℹ fail 0/);
  });
} else {
  let chromium;
  const consoleLines = [];

  before(async () => {
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
  });

  /** A page with the harness and a fake deltad `fake` made with these options. */
  async function fakePage(fakeOptions) {
    const page = await openTestPage(chromium.browser, ORIGIN, { serveClient: true, onConsole: (l) => consoleLines.push(l) });
    await page.evaluate(async (options) => {
      const { FakeDeltad } = await import('/__deltad_test__/fake-deltad.js');
      window.h = await import('/__deltad_test__/harness.js');
      window.fake = new FakeDeltad(options);
    }, fakeOptions);
    return page;
  }

  const openClient = (page, name, token = 'good', extra = {}) => page.evaluate(([n, tk, ex]) =>
    window.h.open(n, { url: location.origin, token: tk, fetch: window.fake.fetch, ...ex }), [name, token, extra]);

  test('shouldBatchRespectTheMaxMessageSizeAndDeliverInOrder', { timeout: 60_000 }, async () => {
    const page = await fakePage({ maxMessageSize: 4096 });
    try {
      assert.deepEqual((await openClient(page, 'B')).ok, true);
      assert.deepEqual((await openClient(page, 'A')).ok, true);
      assert.equal(await page.evaluate((doc) => window.h.subscribe('B', doc), BOARD_1), 1);
      const sent = await page.evaluate((doc) => window.h.sendX('A', doc, { count: 2000, perTick: 2000 }), BOARD_1);
      assert.equal(sent.acked, 2000);
      assert.deepEqual(sent.seqs.slice(0, 3), [[1, 1], [2, 2], [3, 3]]);
      assert.ok(await page.evaluate((doc) => window.h.waitForSeq('B', doc, 2000, 20_000), BOARD_1));
      const b = await page.evaluate((doc) => window.h.summary('B', doc), BOARD_1);
      assert.equal(b.count, 2000);
      assert.equal(b.outOfOrder, 0);
      assert.deepEqual(b.xBySeq, sent.seqs);
      assert.equal(b.fields.x, 2000);
      const fake = await page.evaluate(() => window.fake.stats);
      assert.equal(fake.oversized, 0, 'no message above the answer\'s a=max-message-size');
      assert.ok(fake.messagesIn * 20 < fake.framesIn, `batched: ${fake.framesIn} frames in ${fake.messagesIn} messages`);
    } finally {
      await page.evaluate(() => window.h.closeAll());
      await page.context().close();
    }
  });

  test('shouldRepairLossesOfADedicatedUnorderedChannel', { timeout: 60_000 }, async () => {
    const page = await fakePage({ dedicatedAfter: 50, dropEvery: 20 });
    try {
      await openClient(page, 'B');
      await openClient(page, 'A');
      await page.evaluate((doc) => window.h.subscribe('B', doc, { fromSeq: 1 }), BOARD_1);
      const sent = await page.evaluate((doc) => window.h.sendX('A', doc, { count: 3000, perTick: 50 }), BOARD_1);
      assert.equal(sent.acked, 3000);
      assert.ok(await page.evaluate((doc) => window.h.waitForSeq('B', doc, 3000, 30_000), BOARD_1), 'B caught up');
      const b = await page.evaluate((doc) => window.h.summary('B', doc), BOARD_1);
      const fake = await page.evaluate(() => window.fake.stats);
      assert.ok(fake.dropped > 100, `the fake dropped ${fake.dropped}`);
      assert.equal(b.stats.dedicatedChannels, 1);
      assert.ok(b.stats.repairsRequested > 0, 'repairs asked for');
      assert.equal(b.count, 3000, 'each delta once');
      assert.equal(b.outOfOrder, 0);
      assert.deepEqual(b.xBySeq, sent.seqs);
    } finally {
      await page.evaluate(() => window.h.closeAll());
      await page.context().close();
    }
  });

  test('shouldRepairALostLastDeltaWithTheTailProbe', { timeout: 30_000 }, async () => {
    const page = await fakePage({ dedicatedAfter: 1, dropEvery: 20 });
    try {
      await openClient(page, 'B');
      await openClient(page, 'A');
      await page.evaluate((doc) => window.h.subscribe('B', doc, { fromSeq: 1 }), BOARD_1);
      await page.evaluate((doc) => window.h.sendX('A', doc, { count: 7, perTick: 1 }), BOARD_1); // seq 7 is dropped
      assert.ok(await page.evaluate((doc) => window.h.waitForSeq('B', doc, 7, 5000), BOARD_1));
      const b = await page.evaluate((doc) => window.h.summary('B', doc), BOARD_1);
      assert.equal(b.count, 7);
      assert.equal(b.fields.x, 7);
    } finally {
      await page.evaluate(() => window.h.closeAll());
      await page.context().close();
    }
  });

  test('shouldReconnectAndCatchUpFromTheLastSeenSeq', { timeout: 60_000 }, async () => {
    const page = await fakePage({});
    try {
      await openClient(page, 'B', 'good', { reconnect: { initialDelayMs: 100 } });
      await openClient(page, 'A');
      await page.evaluate((doc) => window.h.subscribe('B', doc), BOARD_1);
      await page.evaluate((doc) => window.h.sendX('A', doc, { count: 100 }), BOARD_1);
      assert.ok(await page.evaluate((doc) => window.h.waitForSeq('B', doc, 100), BOARD_1));
      await page.evaluate(() => window.fake.kill(1)); // B's session
      assert.ok(await page.evaluate(() => window.h.waitForState('B', 'reconnecting', 10_000)), 'B saw the loss');
      const whileDown = page.evaluate((doc) => window.h.sendOps('B', doc, [{ op: 'increment', field: 'votes', by: 1 }]), BOARD_1);
      await page.evaluate((doc) => window.h.sendX('A', doc, { first: 101, count: 100 }), BOARD_1);
      assert.ok(await page.evaluate(() => window.h.waitForState('B', 'open', 10_000)), 'B reconnected');
      assert.equal((await whileDown).seq, 201, 'a delta sent while down goes out on the new session');
      assert.ok(await page.evaluate((doc) => window.h.waitForSeq('B', doc, 201), BOARD_1));
      const b = await page.evaluate((doc) => window.h.summary('B', doc), BOARD_1);
      assert.deepEqual([b.count, b.outOfOrder, b.snapshots], [201, 0, [0]], 'one snapshot, then every delta once');
      assert.deepEqual(b.fields, { x: 200, votes: 1 });
      assert.deepEqual(b.states, ['connecting', 'open', 'reconnecting', 'open']);
      const subscribes = await page.evaluate(() => window.fake.stats.subscribes);
      assert.deepEqual(subscribes.at(-1), { session: 3, snapshot: false, fromSeq: 101 }, 'catch-up from last seen + 1');
    } finally {
      await page.evaluate(() => window.h.closeAll());
      await page.context().close();
    }
  });

  test('shouldShowTheDemoBoardAndItsLiveEdits', { timeout: 60_000 }, async () => {
    // The demo page at /, its signaling and demo token answered by a fake deltad in the page (fetch wrapped before
    // demo.js runs); a harness client in the same page plays the other tab.
    const page = await openTestPage(chromium.browser, ORIGIN, {
      serveClient: true, path: '/?board=1', onConsole: (l) => consoleLines.push(l), initScript: demoFakeFetch,
    });
    try {
      await page.locator('#state[data-state="open"]').waitFor({ timeout: 10_000 });
      await page.locator('#board[data-live="true"]').waitFor({ timeout: 10_000 });
      assert.equal(await page.textContent('#board-name'), 'board/1');
      await page.evaluate(async () => {
        window.h = await import('/__deltad_test__/harness.js');
        await window.h.open('other', { url: location.origin, token: 'good', fetch: window.fake.fetch });
        await window.h.subscribe('other', '1/1');
      });
      await page.fill('#field-title', 'typed in the demo');
      await page.click('#vote-up');
      await page.waitForFunction(() => {
        const f = window.h.summary('other', '1/1').fields;
        return f?.title === 'typed in the demo' && f?.votes === 1;
      }, null, { timeout: 10_000 });
      await page.evaluate(() => window.h.sendOps('other', '1/1', { color: 'yellow', x: 77 }));
      await page.waitForFunction(() => document.querySelector('#field-color').value === 'yellow'
        && document.querySelector('#field-x').value === '77' && document.querySelector('#card').dataset.color === 'yellow',
      null, { timeout: 10_000 });
      await page.fill('#stress-count', '3000');
      await page.click('#stress');
      const rate = await page.waitForFunction(() => Number(document.querySelector('#rate').textContent.replace(/\D/g, '')) > 0,
        null, { timeout: 10_000 });
      assert.ok(rate);
      await page.waitForFunction(() => /^3000 of 3000 acknowledged/.test(document.querySelector('#stress-result').textContent),
        null, { timeout: 30_000 });
      await page.waitForFunction(() => document.querySelector('#field-x').value === '77', null, { timeout: 10_000 });
      assert.equal(await page.getAttribute('#card', 'aria-label'), 'card "typed in the demo" at 77, 40, 180 by 110, yellow, 1 votes');
    } finally {
      await page.evaluate(() => window.h?.closeAll()).catch(() => {});
      await page.context().close();
    }
  });

  test('shouldRetryAnUnavailableServerAndGiveUpOnARefusedToken', { timeout: 30_000 }, async () => {
    const page = await fakePage({});
    try {
      await page.evaluate(() => { window.fake.refusals.push(503); });
      const c = await openClient(page, 'C', 'good', { reconnect: { initialDelayMs: 50 } });
      assert.equal(c.ok, true);
      const d = await openClient(page, 'D', 'bad');
      assert.deepEqual([d.ok, d.code, d.status, d.states], [false, 'SIGNALING', 401, ['connecting', 'closed']]);
      await page.evaluate(() => window.h.close('C'));
      const fake = await page.evaluate(() => window.fake.stats);
      assert.equal(fake.posts, 3);
      assert.equal(fake.deletes, 1, 'close() deletes the session');
    } finally {
      await page.context().close();
    }
  });
}
