#!/usr/bin/env bash
# Runs the browser tests (tools/browser/test/*.test.mjs, node --test) in Debian's headless Chromium, inside a fresh
# network namespace that has only a loopback interface. Each test starts its own appliance (bin/deltad with a
# temp config from test-config.toml.in) in that namespace, so nothing listens outside it. test/dpdk.test.mjs adds a
# veth pair to the namespace for the appliance's DPDK port (io.mode = "dpdk", net_af_packet) and deletes it after.
# The namespace has its own pid namespace too, and the whole run a time budget: when it ends (or this script is
# killed), the kernel kills everything started inside (node, Chromium, appliances). Temp files go to one directory,
# removed at the end.
#
# Usage: tools/browser/run-tests.sh [test files or node --test options]   (default: every file in test/)
#   e.g. tools/browser/run-tests.sh test/harness.test.mjs test/client-loopback.test.mjs
# Env:   DELTAD_KEEP_TEST_DIRS=1     keep the temp dir (each appliance's config and log, Chromium profiles)
#        DELTAD_BROWSER_TIMEOUT=<s>  budget of the whole run (default 240 s; the suite takes about a minute)
#        DELTAD_CHROMIUM=<path>      another Chromium binary (default /usr/lib/chromium/chromium of the Debian package)
# Installs what is missing: the chromium, nodejs and npm Debian packages, DPDK with iproute2 and ethtool (as root;
# bin/lib.sh ensure_dpdk), playwright-core from the lock file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../bin/lib.sh"

ensure_debs chromium
command -v node >/dev/null 2>&1 || ensure_debs nodejs
command -v npm >/dev/null 2>&1 || ensure_debs npm
node_major=$(node -p 'process.versions.node.split(".")[0]')
# playwright-core 1.65 needs Node >= 20 (the machines have 20; Debian bookworm's own nodejs is 18).
[ "$node_major" -ge 20 ] || die "Node >= 20 needed for the browser tests (playwright-core), found $(node --version)"
# One test file at a time: each starts its own appliance and Chromium, and the machines have 2 cores.
runner=(node --test --test-reporter=spec --test-concurrency=1)
command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 || ensure_debs util-linux iproute2
# dpdk.test.mjs runs the appliance in io.mode = "dpdk" on net_af_packet over a veth pair it makes (iproute2, ethtool).
ensure_dpdk

# playwright-core only (no browser download: it drives the Debian Chromium), pinned by package-lock.json.
if [ ! -d "$here/node_modules/playwright-core" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  echo "deltad: installing playwright-core (npm ci in $here)" >&2
  (cd "$here" && npm ci --silent --no-audit --no-fund) || die "npm ci failed in $here"
fi

# The tests start bin/deltad inside the namespace, where Maven could not download anything: build first.
find_jdk
ensure_built

# root: plain network and pid namespaces; otherwise inside a user namespace where we are root (ip needs it).
# --kill-child: if unshare dies, its child (pid 1 of the namespace) gets SIGKILL, and with it everything inside.
namespaces=(unshare --net --pid --fork --kill-child --mount-proc)
[ "$(id -u)" -eq 0 ] || namespaces+=(--map-root-user)
if [ $# -eq 0 ]; then set -- test/; fi
budget="${DELTAD_BROWSER_TIMEOUT:-240}"
work=$(mktemp -d /tmp/deltad-browser.XXXXXX)
cleanup() {
  if [ "${DELTAD_KEEP_TEST_DIRS:-0}" = 1 ]; then
    echo "deltad: browser test files kept in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
cd "$here"
echo "deltad: browser tests in fresh network and pid namespaces (budget ${budget}s): ${runner[*]} $*" >&2
start=$(date +%s)
status=0
# bash stays pid 1 of the namespace (no exec): it reaps the orphans that Chromium and the appliances leave.
# shellcheck disable=SC2016 # expanded by the inner bash
TMPDIR="$work" timeout --signal=KILL "$budget" "${namespaces[@]}" \
  bash -c 'ip link set lo up && "$@"' bash "${runner[@]}" "$@" || status=$?
if [ "$status" -eq 137 ]; then
  echo "deltad: browser tests killed after the ${budget}s budget" >&2
fi
echo "deltad: browser tests took $(( $(date +%s) - start ))s (exit $status)" >&2
exit "$status"
