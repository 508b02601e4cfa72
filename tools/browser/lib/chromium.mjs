// Starts Debian's Chromium for the browser tests, with exactly the flags below and a fresh profile.
//
// /usr/bin/chromium is Debian's shell wrapper: it sources /etc/chromium.d/* and adds flags of its own
// (--enable-gpu-rasterization, --load-extension=..., --disable-dev-shm-usage, ...). To run with exactly our flags we
// start the binary it execs, /usr/lib/chromium/chromium (same package, same version). DELTAD_CHROMIUM overrides.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM_BINARY = process.env.DELTAD_CHROMIUM
  ?? (existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium');

/** Our flags, in this order; the profile directory is appended per launch. */
export const CHROMIUM_FLAGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
]);

/**
 * Playwright talks to the browser over the DevTools pipe (fds 3 and 4); with its default flags turned off it
 * needs this one flag to have it. It changes nothing the page can see.
 */
const TRANSPORT_FLAG = '--remote-debugging-pipe';

/**
 * Launches Chromium with {@link CHROMIUM_FLAGS} and `--user-data-dir=<fresh temp dir>`, nothing else of ours or
 * Playwright's. `close()` closes the browser and removes the profile.
 * @param {{timeoutMs?: number}} [options]
 * @returns {Promise<{browser: import('playwright-core').Browser, profileDir: string, args: string[], close: () => Promise<void>}>}
 */
export async function launchChromium({ timeoutMs = 30_000 } = {}) {
  const profileDir = mkdtempSync(join(tmpdir(), 'deltad-chromium-'));
  const args = [...CHROMIUM_FLAGS, `--user-data-dir=${profileDir}`];
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_BINARY,
      ignoreDefaultArgs: true,
      args: [...args, TRANSPORT_FLAG],
      timeout: timeoutMs,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  return {
    browser,
    profileDir,
    args,
    close: async () => {
      try {
        await browser.close();
      } finally {
        rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
}

const PAGE_DIR = fileURLToPath(new URL('../page/', import.meta.url));
const CLIENT_DIR = fileURLToPath(new URL('../../client/', import.meta.url));
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Path prefix under which the test pages get tools/browser/page/ (served by Playwright, not by the appliance). */
export const TEST_PREFIX = '/__deltad_test__/';

/**
 * Opens a page with `origin` that loads nothing of the application: `${origin}/__deltad_test__/blank.html` and the
 * harness modules in tools/browser/page/ are served by Playwright's routing. Module imports of `/client/...`,
 * fetches and signaling go to the real server at `origin` — unless `serveClient`, which serves tools/client/ too
 * (for tests with no appliance) and tools/client/index.html at `/`.
 * @param {import('playwright-core').Browser} browser
 * @param {string} origin e.g. `http://127.0.0.1:8443`
 * @param {{serveClient?: boolean, path?: string, initScript?: Function, onConsole?: (line: string) => void}} [options]
 *   `path` the page to open (default the blank test page); `initScript` runs in the page before its own scripts
 * @returns {Promise<import('playwright-core').Page>}
 */
export async function openTestPage(browser, origin, { serveClient = false, path = `${TEST_PREFIX}blank.html`, initScript, onConsole } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (onConsole) {
    page.on('console', (m) => onConsole(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => onConsole(`[pageerror] ${e.message}`));
  }
  await page.route(`${origin}${TEST_PREFIX}**`, (route) => serveFile(route, PAGE_DIR, TEST_PREFIX));
  if (serveClient) {
    await page.route(`${origin}/client/**`, (route) => serveFile(route, CLIENT_DIR, '/client/'));
    // As the signaling server will: / is the demo page.
    await page.route((url) => url.origin === origin && url.pathname === '/', (route) => route.fulfill({
      status: 200, contentType: TYPES['.html'], body: readFileSync(join(CLIENT_DIR, 'index.html')),
    }));
  }
  if (initScript) {
    await page.addInitScript(initScript);
  }
  await page.goto(`${origin}${path}`);
  return page;
}

function serveFile(route, dir, prefix) {
  const path = new URL(route.request().url()).pathname;
  const name = path.slice(prefix.length);
  if (name === 'blank.html') {
    return route.fulfill({ status: 200, contentType: TYPES['.html'], body: '<!doctype html><meta charset="utf-8"><title>deltad test</title>' });
  }
  const file = join(dir, name);
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || !existsSync(file)) {
    return route.fulfill({ status: 404, contentType: 'text/plain', body: `no ${path}\n` });
  }
  return route.fulfill({ status: 200, contentType: TYPES[extname(name)] ?? 'application/octet-stream', body: readFileSync(file) });
}
