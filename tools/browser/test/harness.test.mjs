// The harness itself, which needs no signaling: the namespace run-tests.sh made, Chromium with exactly our flags,
// a page that builds a session offer with the client library, and the appliance started and stopped cleanly.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

import { CHROMIUM_BINARY, CHROMIUM_FLAGS, launchChromium, openTestPage } from '../lib/chromium.mjs';
import { startAppliance } from '../lib/appliance.mjs';

let chromium;

before(async () => {
  chromium = await launchChromium();
});

after(async () => {
  await chromium?.close();
});

test('shouldRunInANetworkNamespaceWithOnlyLoopback', () => {
  assert.deepEqual(Object.keys(networkInterfaces()), ['lo'], 'run the browser tests through tools/browser/run-tests.sh');
});

test('shouldStartChromiumWithExactlyTheProjectFlags', () => {
  const browserProcesses = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      return [];
    }
  }).filter((argv) => argv[0] === CHROMIUM_BINARY && argv.includes(`--user-data-dir=${chromium.profileDir}`)
    && !argv.some((a) => a.startsWith('--type=')));
  assert.equal(browserProcesses.length, 1, 'one browser process with our profile');
  assert.deepEqual(browserProcesses[0].slice(1),
    [...CHROMIUM_FLAGS, `--user-data-dir=${chromium.profileDir}`, '--remote-debugging-pipe']);
  assert.match(chromium.browser.version(), /^\d+\./);
});

test('shouldBuildASessionOfferWithTheClientLibrary', { timeout: 30_000 }, async () => {
  const page = await openTestPage(chromium.browser, 'http://deltad.test', { serveClient: true });
  try {
    const post = await page.evaluate(async () => {
      const { DeltadClient } = await import('/client/deltad-client.js');
      const { BOARD_SCHEMA } = await import('/client/board-schema.js');
      let request;
      const started = performance.now();
      const fetch = async (url, init) => {
        request = { url, method: init.method, headers: init.headers, sdp: init.body, afterMs: performance.now() - started };
        return new Response('the test has no appliance\n', { status: 422 });
      };
      const client = new DeltadClient('http://deltad.test', 'token-123', { schemas: [BOARD_SCHEMA], fetch });
      const error = await client.opened().catch((e) => e);
      return { request, state: client.state, code: error.code, status: error.status };
    });
    assert.deepEqual([post.state, post.code, post.status], ['closed', 'SIGNALING', 422]);
    const { url, method, headers, sdp } = post.request;
    assert.deepEqual([url, method, headers], ['http://deltad.test/v1/sessions', 'POST',
      { 'Content-Type': 'application/sdp', Authorization: 'Bearer token-123' }]);
    assert.match(sdp, /^m=application 9 UDP\/DTLS\/SCTP webrtc-datachannel$/m);
    assert.match(sdp, /^a=sctp-port:5000$/m);
    assert.match(sdp, /^a=setup:actpass$/m);
    assert.match(sdp, /^a=fingerprint:sha-256 /m);
    assert.match(sdp, /^a=max-message-size:\d+$/m);
    // Loopback only: Chromium gathers no candidate; the ICE-lite server's answer brings its own.
    assert.doesNotMatch(sdp, /^a=candidate:/m);
    assert.ok(post.request.afterMs < 5000, `offer sent after ${post.request.afterMs} ms`);
  } finally {
    await page.context().close();
  }
});

test('shouldStartAndStopTheApplianceInTheNamespace', { timeout: 120_000 }, async () => {
  const appliance = await startAppliance();
  const { dir, controlSocket } = appliance;
  const health = await fetch(`${appliance.metricsUrl}/healthz`);
  assert.equal(health.status, 200);
  assert.equal((await fetch(`${appliance.signalingUrl}/healthz`)).status, 200, 'signaling endpoint up');
  assert.ok(existsSync(controlSocket), 'control socket in the temp dir');
  const pid = appliance.child.pid;
  const exit = await appliance.stop();
  assert.equal(exit.killed, false, 'stopped by SIGTERM, no SIGKILL needed');
  assert.ok(exit.code === 0 || exit.code === 143, `exit ${JSON.stringify(exit)}`);
  assert.throws(() => process.kill(-pid, 0), { code: 'ESRCH' }, 'no process of its group is left');
  assert.equal(existsSync(dir), false, 'temp dir removed');
});
