# Shared by the bin/ scripts: find a JDK >= 22, make sure Maven is present, build when the jars are missing.
# Sourced, not run.

DELTAD_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DELTAD_JVM_FLAGS="--enable-native-access=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"

die() { echo "deltad: $*" >&2; exit 1; }

# Prints the major version of the java binary given, or nothing.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}

# Sets JAVA_HOME to a JDK >= 22: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 22 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 22 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ -n "$best" ] || die "no JDK >= 22 found (JAVA_HOME='${JAVA_HOME:-}', searched /usr/lib/jvm/*). Install one, e.g. Temurin 25 into /usr/lib/jvm/temurin-25-jdk-amd64, or set JAVA_HOME."
  export JAVA_HOME="$best"
}

# Installs Debian packages that are missing (root only; otherwise says what to install).
ensure_debs() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then die "missing Debian packages: ${missing[*]} (run as root or: sudo apt-get install ${missing[*]})"; fi
  echo "deltad: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } \
    || die "could not install ${missing[*]}"
}

# usrsctp carries the DataChannels (SCTP over DTLS); deltad loads libusrsctp.so.2 through FFM, so nothing links it at
# build time. Tests need the library: libusrsctp-dev brings it (and the header the bindings were written from).
ensure_usrsctp() {
  ensure_debs libusrsctp-dev
}

# The DPDK packet path (io.mode = "dpdk"): native/ builds libdeltad_dpdk.so against DPDK 22.11 with pkg-config libdpdk
# and a C compiler; its tests run DPDK's vdevs (net_ring, net_null, net_af_packet), whose drivers come with dpdk, and
# the af_packet test sets up a veth pair in a network namespace (iproute2, ethtool); the tap offload test writes a raw
# frame with python3, which check-deb.sh also uses as a stand-in for systemd's notification socket.
ensure_dpdk() {
  ensure_debs dpdk libdpdk-dev pkg-config gcc make libc6-dev iproute2 ethtool python3
}

export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

ensure_maven() {
  command -v mvn >/dev/null 2>&1 || ensure_debs maven
}

# Builds the jars (tests skipped) when any is missing or older than the sources.
ensure_built() {
  local engine_jar="$DELTAD_HOME/engine/target/deltad-engine.jar" tools_jar="$DELTAD_HOME/tools/target/deltad-tools.jar"
  if [ -f "$engine_jar" ] && [ -f "$tools_jar" ] \
     && [ -z "$(find "$DELTAD_HOME" -path '*/src/main/*' -newer "$tools_jar" -print -quit)" ] \
     && [ -z "$(find "$DELTAD_HOME" -name pom.xml -newer "$tools_jar" -print -quit)" ]; then
    return 0
  fi
  ensure_maven
  ensure_dpdk
  echo "deltad: building (mvn package -DskipTests) ..." >&2
  local log
  log=$(mktemp)
  if ! (cd "$DELTAD_HOME" && mvn -q -B -Dstyle.color=never package -DskipTests >"$log" 2>&1); then
    cat "$log" >&2
    rm -f "$log"
    die "build failed"
  fi
  rm -f "$log"
  # Maven leaves a jar untouched when nothing in it changed: mark both as current so the next call does not rebuild.
  touch "$engine_jar" "$tools_jar"
}

run_java() {
  # shellcheck disable=SC2086 # JAVA_OPTS and the flags are word lists by design
  exec "$JAVA_HOME/bin/java" $DELTAD_JVM_FLAGS ${JAVA_OPTS:-} "$@"
}
