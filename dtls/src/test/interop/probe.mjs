// Chromium <-> DtlsEndpoint interop probe (see README.md). Launches headless Chromium, makes an offer with one
// DataChannel, starts ChromiumProbe.java with the offer's ufrag and fingerprint, answers with a hand-built ICE-lite
// SDP pointing at it, and reports what both sides saw. Exit code 0 when the mode's proof line appears.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const java = process.env.JAVA ?? 'java';
const classpath = process.env.PROBE_CLASSPATH;
const source = process.env.PROBE_SOURCE;
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// PROBE_MODE: "ok" (default); "wrong-offer-fingerprint": the Java side expects another certificate than Chromium's;
// "wrong-answer-fingerprint": Chromium is told another certificate than ours. PROBE_LOSS (ok mode only):
// "final-flight" (lose both copies of our final flight once) or "random:<percent>:<seed>" (handshake datagrams).
const lossSpec = process.env.PROBE_LOSS ?? 'none';
const mode = process.env.PROBE_MODE ?? 'ok';
const flipFirstHexDigit = (fingerprint) => fingerprint.replace(/ ([0-9A-F])/, (m, d) => ` ${d === 'A' ? 'B' : 'A'}`);
if (!classpath || !source) {
  console.error('set PROBE_CLASSPATH and PROBE_SOURCE (run.sh does)');
  process.exit(2);
}

// Playwright wants the fresh profile directory as launchPersistentContext's argument, not as --user-data-dir.
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'dtlsprobe-chromium-')), {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-gpu'],
});
let exitCode = 1;
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`[page] ${message.text()}`));
  console.log(`chromium ${browser.browser()?.version() ?? '?'}`);
  const offer = await page.evaluate(async () => {
    const pc = new RTCPeerConnection();
    window.pc = pc;
    window.dc = pc.createDataChannel('x');
    const description = await pc.createOffer();
    await pc.setLocalDescription(description);
    return pc.localDescription.sdp;
  });
  const line = (name) => (offer.match(new RegExp(`^a=${name}:(.*)$`, 'm')) ?? [])[1]?.trim();
  const remote = { ufrag: line('ice-ufrag'), pwd: line('ice-pwd'), fingerprint: line('fingerprint'), mid: line('mid') };
  console.log(`offer: ufrag=${remote.ufrag} fingerprint=${remote.fingerprint} mid=${remote.mid}`);
  console.log(offer.split('\r\n').filter((l) => /^(m=|a=(setup|sctp-port|max-message-size|fingerprint))/.test(l)).join('\n'));

  const expected = mode === 'wrong-offer-fingerprint' ? flipFirstHexDigit(remote.fingerprint) : remote.fingerprint;
  console.log(`mode=${mode} loss=${lossSpec}`);
  const javaOptions = (process.env.PROBE_JAVA_OPTS ?? '').split(' ').filter((o) => o.length > 0);
  const server = spawn(java, [...javaOptions, '-cp', classpath, source, remote.ufrag, expected, mode === 'ok' ? '40' : '8', lossSpec],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  const local = await new Promise((resolve) => {
    lines.once('line', (first) => resolve(JSON.parse(first)));
  });
  // What proves the mode's point: the INIT decrypted, or the right side refusing the certificate.
  const proof = { ok: 'SCTP INIT decrypted', 'wrong-offer-fingerprint': 'CLOSED FINGERPRINT_MISMATCH',
    'wrong-answer-fingerprint': 'CLOSED HANDSHAKE_FAILED' }[mode];
  let proven = false;
  lines.on('line', (text) => {
    console.log(`[java] ${text}`);
    proven ||= text === proof;
  });
  const done = new Promise((resolve) => server.on('exit', (code) => resolve(code)));

  const answer = [
    'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', `a=group:BUNDLE ${remote.mid}`, 'a=ice-lite',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', `a=mid:${remote.mid}`,
    `a=ice-ufrag:${local.ufrag}`, `a=ice-pwd:${local.pwd}`,
    `a=fingerprint:sha-256 ${mode === 'wrong-answer-fingerprint' ? flipFirstHexDigit(' ' + local.fingerprint).trim() : local.fingerprint}`,
    'a=setup:passive', 'a=sctp-port:5000', 'a=max-message-size:262144',
    `a=candidate:1 1 udp 2130706431 127.0.0.1 ${local.port} typ host`, 'a=end-of-candidates', '',
  ].join('\r\n');
  await page.evaluate(async (sdp) => {
    pc.onconnectionstatechange = () => console.log(`connectionState=${pc.connectionState}`);
    pc.oniceconnectionstatechange = () => console.log(`iceConnectionState=${pc.iceConnectionState}`);
    await pc.setRemoteDescription({ type: 'answer', sdp });
  }, answer);

  const javaExit = await done;
  exitCode = proven && (mode !== 'ok' || javaExit === 0) ? 0 : 1;
  const transport = await page.evaluate(async () => {
    const stats = await pc.getStats();
    const out = [];
    stats.forEach((report) => {
      if (report.type === 'transport') {
        out.push(`dtlsState=${report.dtlsState} tlsVersion=${report.tlsVersion} dtlsCipher=${report.dtlsCipher} `
          + `dtlsRole=${report.dtlsRole} tlsGroup=${report.tlsGroup ?? '?'}`);
      }
    });
    return out.join('; ');
  });
  console.log(`chromium transport stats: ${transport}`);
} finally {
  await browser.close();
}
process.exit(exitCode);
