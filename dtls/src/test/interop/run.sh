#!/usr/bin/env bash
# Chromium <-> DtlsEndpoint interop probe. Needs: root (for the network namespace), /usr/bin/chromium, node + npm,
# a built dtls module (mvn -pl dtls -am compile). Installs playwright-core into a throwaway directory outside the repo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
# shellcheck source=../../../../bin/lib.sh
source "$repo/bin/lib.sh"
find_jdk

work="${PROBE_WORKDIR:-/tmp/dtlsprobe}"
mkdir -p "$work"
if [ ! -d "$work/node_modules/playwright-core" ]; then
  (cd "$work" && npm init -y >/dev/null && npm i --no-audit --no-fund playwright-core >/dev/null)
fi
cp "$here/probe.mjs" "$work/probe.mjs"

[ -d "$repo/dtls/target/classes/io/deltad/dtls/dtls" ] || (cd "$repo" && mvn -B -q -pl dtls -am compile)
m2="${M2_REPO:-$HOME/.m2/repository}/org/bouncycastle"
bc="$(grep -o '<bouncycastle.version>[^<]*' "$repo/pom.xml" | cut -d'>' -f2)"
cp_jars="$repo/dtls/target/classes"
for artifact in bcprov bcpkix bcutil; do
  cp_jars="$cp_jars:$m2/$artifact-jdk18on/$bc/$artifact-jdk18on-$bc.jar"
done

# One fresh network namespace: only loopback, nothing else on the machine sees or disturbs the probe.
export JAVA="$JAVA_HOME/bin/java" PROBE_CLASSPATH="$cp_jars" PROBE_SOURCE="$here/ChromiumProbe.java"
exec unshare -n bash -c 'ip link set lo up && cd "$0" && node probe.mjs' "$work"
