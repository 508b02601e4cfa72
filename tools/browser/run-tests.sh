#!/usr/bin/env bash
# Runs the browser tests (tools/browser/test/*.test.mjs, node --test) in Debian's headless Chromium, inside a fresh
# network namespace that has only a loopback interface. Each test starts its own appliance (bin/deltad with a
# temp config from test-config.toml.in) in that namespace, so nothing listens outside it.
#
# Usage: tools/browser/run-tests.sh [test files or node --test options]   (default: every file in test/)
#   e.g. tools/browser/run-tests.sh test/harness.test.mjs test/client-loopback.test.mjs
# Env:   DELTAD_KEEP_TEST_DIRS=1     keep each appliance's temp dir (config, log) under /tmp/deltad-bt-*
#        DELTAD_CHROMIUM=<path>      another Chromium binary (default /usr/lib/chromium/chromium of the Debian package)
# Installs what is missing: the chromium, nodejs and npm Debian packages (as root), playwright-core from the lock file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../bin/lib.sh"

ensure_debs chromium
command -v node >/dev/null 2>&1 || ensure_debs nodejs
command -v npm >/dev/null 2>&1 || ensure_debs npm
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "Node >= 18 needed for the browser tests (node --test), found $(node --version)"
# One test file at a time (Node >= 20 has the flag; Debian bookworm's Node 18 runs files with cpus - 1 workers).
runner=(node --test --test-reporter=spec)
[ "$node_major" -lt 20 ] || runner+=(--test-concurrency=1)
command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 || ensure_debs util-linux iproute2

# playwright-core only (no browser download: it drives the Debian Chromium), pinned by package-lock.json.
if [ ! -d "$here/node_modules/playwright-core" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  echo "deltad: installing playwright-core (npm ci in $here)" >&2
  (cd "$here" && npm ci --silent --no-audit --no-fund) || die "npm ci failed in $here"
fi

# The tests start bin/deltad inside the namespace, where Maven could not download anything: build first.
find_jdk
ensure_built

# root: a plain network namespace; otherwise one inside a user namespace where we are root (ip needs it).
if [ "$(id -u)" -eq 0 ]; then netns=(unshare -n); else netns=(unshare -r -n); fi
if [ $# -eq 0 ]; then set -- test/; fi
cd "$here"
echo "deltad: browser tests in a fresh network namespace: ${runner[*]} $*" >&2
# shellcheck disable=SC2016 # expanded by the inner bash
exec "${netns[@]}" bash -c 'ip link set lo up && exec "$@"' bash "${runner[@]}" "$@"
