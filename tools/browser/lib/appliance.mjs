// Starts a deltad appliance for one browser test: a config from test-config.toml.in with free ports, a temp
// directory for the counters file, control socket and log, demo tokens on (and, with `dpdk`, test-config-dpdk.toml.in
// appended: io.mode = "dpdk" on net_af_packet); `bin/deltad <config>` as a child in its own process group (so it dies
// with the test), ready when /healthz answers.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../test-config.toml.in', import.meta.url));
const DPDK_TEMPLATE = fileURLToPath(new URL('../test-config-dpdk.toml.in', import.meta.url));

let started = 0;

/** A TCP port free on 127.0.0.1 right now. */
export function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A UDP port free on 127.0.0.1 right now. */
export function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/**
 * Fills in a template: test-config.toml.in unless `template` names another.
 * @param {Object<string, string|number>} values placeholder name → value
 * @param {string} [template] path of the template
 */
export function renderConfig(values, template = TEMPLATE) {
  return readFileSync(template, 'utf8').replace(/@([A-Z_]+)@/g, (match, name) => {
    if (!(name in values)) {
      throw new Error(`${basename(template)}: no value for ${match}`);
    }
    return String(values[name]);
  });
}

/**
 * Starts the appliance.
 * @param {object} [options]
 * @param {number} [options.loss] `[webrtc] test_egress_loss`
 * @param {number} [options.lossSeed] `[webrtc] test_loss_seed`
 * @param {number} [options.dedicatedThreshold] `[webrtc] dedicated_channel_threshold` (deltas/s)
 * @param {{iface: string, address: string, udpPort?: number}} [options.dpdk] `io.mode = "dpdk"`: the sessions' UDP
 *   on a net_af_packet port over the interface `iface` (up, no kernel address), the appliance's own `address` there
 *   ("10.77.0.1/24", also the answers' host candidate), `udpPort` (default 50000); see test-config-dpdk.toml.in
 * @param {number} [options.readyTimeoutMs]
 * @returns {Promise<Appliance>}
 */
export async function startAppliance({
  loss = 0, lossSeed = 42, dedicatedThreshold = 1_000_000, dpdk, readyTimeoutMs = 90_000,
} = {}) {
  // Under TMPDIR (run-tests.sh gives the run one directory, removed at the end); short: the control socket path must
  // stay under 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'deltad-bt-'));
  const ports = { signaling: await freeTcpPort(), metrics: await freeTcpPort(), udp: await freeUdpPort() };
  const configPath = join(dir, 'deltad.toml');
  let config;
  try {
    config = renderConfig({
      NODE_NAME: `browser-test-${process.pid}-${++started}`,
      SCHEMAS_DIR: join(REPO, 'deploy/schemas'),
      COUNTERS_FILE: join(dir, 'counters.dat'),
      CONTROL_SOCKET: join(dir, 'control.sock'),
      METRICS_PORT: ports.metrics,
      SIGNALING_PORT: ports.signaling,
      UDP_PORT: ports.udp,
      CLIENT_DIR: join(REPO, 'tools/client'),
      DEDICATED_THRESHOLD: dedicatedThreshold,
      LOSS: loss,
      LOSS_SEED: lossSeed,
    });
    if (dpdk) {
      config += `\n${renderConfig({
        DPDK_DEVICE: `net_af_packet${started}`,
        DPDK_IFACE: dpdk.iface,
        DPDK_ADDRESS: dpdk.address,
        DPDK_UDP_PORT: dpdk.udpPort ?? 50_000,
      }, DPDK_TEMPLATE)}`;
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(configPath, config);
  const logPath = join(dir, 'deltad.log');
  const logFd = openSync(logPath, 'a');
  const child = spawn(join(REPO, 'bin/deltad'), [configPath], {
    cwd: REPO, detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env },
  });
  closeSync(logFd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let exit = null;
  exited.then((e) => { exit = e; });
  const appliance = new Appliance({ child, exited, dir, configPath, logPath, ports, exitState: () => exit });
  try {
    await appliance.waitReady(readyTimeoutMs);
  } catch (e) {
    await appliance.stop(); // the log is in the error; DELTAD_KEEP_TEST_DIRS=1 keeps the dir
    throw e;
  }
  return appliance;
}

/** A running appliance of a test. */
export class Appliance {
  constructor({ child, exited, dir, configPath, logPath, ports, exitState }) {
    this.child = child;
    this.exited = exited;
    this.dir = dir;
    this.configPath = configPath;
    this.logPath = logPath;
    this.ports = ports;
    this._exitState = exitState;
    /** Base URL of the signaling endpoint (and of the demo page). */
    this.signalingUrl = `http://127.0.0.1:${ports.signaling}`;
    this.metricsUrl = `http://127.0.0.1:${ports.metrics}`;
    this.controlSocket = join(dir, 'control.sock');
  }

  /** GET /metrics: the Prometheus text (bounded by `timeoutMs`). */
  async metrics(timeoutMs = 2000) {
    const response = await fetch(`${this.metricsUrl}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      throw new Error(`GET /metrics answered ${response.status}`);
    }
    return response.text();
  }

  /**
   * The values of the counter `name` in /metrics by its `reason` label, e.g.
   * `await appliance.counters('deltad_dpdk_packets_total')` → `{'datagrams in': 1234, ...}`.
   */
  async counters(name) {
    const values = {};
    const series = new RegExp(`^${name}\\{reason="([^"]*)"\\} (\\S+)$`);
    for (const line of (await this.metrics()).split('\n')) {
      const match = series.exec(line);
      if (match) {
        values[match[1]] = Number(match[2]);
      }
    }
    return values;
  }

  /** The appliance's log so far. */
  log() {
    return existsSync(this.logPath) ? readFileSync(this.logPath, 'utf8') : '';
  }

  /** Waits for GET /healthz on the metrics port and on the signaling port. */
  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    const urls = [`${this.metricsUrl}/healthz`, `${this.signalingUrl}/healthz`];
    for (const url of urls) {
      for (;;) {
        const exit = this._exitState();
        if (exit) {
          throw new Error(`deltad exited (${exit.code ?? exit.signal}) before ${url} answered; log:\n${this.log()}`);
        }
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
          if (response.ok) {
            break;
          }
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) {
          throw new Error(`${url} did not answer within ${timeoutMs} ms; log:\n${this.log()}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /**
   * SIGTERM to the process group, SIGKILL after `graceMs`; removes the temp directory unless `keepDir` (or
   * DELTAD_KEEP_TEST_DIRS=1).
   * @returns {Promise<{code: number|null, signal: string|null, killed: boolean}>}
   */
  async stop({ graceMs = 15_000, keepDir = false } = {}) {
    let killed = false;
    if (!this._exitState()) {
      signalGroup(this.child.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        killed = true;
        signalGroup(this.child.pid, 'SIGKILL');
      }, graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    const exit = this._exitState();
    if (!keepDir && process.env.DELTAD_KEEP_TEST_DIRS !== '1') {
      rmSync(this.dir, { recursive: true, force: true });
    }
    return { ...exit, killed };
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
