#!/usr/bin/env bash
# Checks a deltad Debian package without installing it: metadata, contents, conffiles, maintainer scripts (syntax;
# as root also their systemd branches, run against a stub systemctl in a private mount namespace); then extracts it
# and runs what it ships: the bundled runtime (java -version 25), the launcher on a missing config (exit 2 and the
# config error), and a real start from the packaged config (socket and counters moved to a temp dir) with the
# packaged deltactl asking it for its status, then SIGTERM and the clean stop; with python3 at hand, a stand-in for
# systemd's notification socket checks the READY=1 and STOPPING=1 the unit's Type=notify relies on.
# The package on a real systemd (apt install, systemctl, journal, restart, upgrade, remove): the much slower
# deploy/walkthrough/systemd-walkthrough.sh, not part of bin/test.
# Usage: deploy/package/check-deb.sh PATH.deb        Exit 0: all good; 1: the first failed check is printed.
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 PATH.deb" >&2; exit 2; }
deb="$1"
version=$(sed -n 's:^  <version>\([^<]*\)</version>.*:\1:p' "$(dirname "$0")/../../pom.xml" | head -n1)
version="${version%-SNAPSHOT}"
checks=0
fail() { echo "check-deb: FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }

info=$(dpkg-deb --info "$deb") || fail "dpkg-deb --info cannot read $deb"
contents=$(dpkg-deb --contents "$deb" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }')
field() { dpkg-deb --field "$deb" "$1"; }

[ "$(field Package)" = deltad ] || fail "Package is '$(field Package)', want deltad"; ok
[[ "$(field Version)" == "$version"-* ]] || fail "Version is '$(field Version)', want $version-<release> (pom.xml)"; ok
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"; ok
if field Depends | grep -qE 'libx11|libasound'; then fail "Depends pulls in X11/ALSA: $(field Depends)"; fi; ok
field Depends | grep -qE '(^|[ ,])libusrsctp2([ ,(]|$)' \
  || fail "Depends lacks libusrsctp2 (the SCTP transport loads libusrsctp.so.2 through FFM): $(field Depends)"; ok
field Recommends | grep -qE '(^|[ ,])dpdk([ ,(]|$)' || fail "Recommends lacks dpdk (the drivers of io.mode = dpdk)"; ok
field Depends | grep -q 'librte-ethdev23' || fail "Depends lacks DPDK 22.11's librte-ethdev23 (libdeltad_dpdk.so links it)"; ok
for script in postinst prerm postrm; do
  grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$script " <<<"$info" || fail "no executable maintainer script $script"; ok
done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles 2>/dev/null) || fail "no conffiles in the control archive"
for conf in /etc/deltad/deltad.toml /etc/default/deltad /etc/deltad/schemas/board.toml; do
  grep -qx "$conf" <<<"$conffiles" || fail "conffiles does not list $conf (it has: $(echo $conffiles))"; ok
done
has() { grep -qx -- "$1" <<<"$contents" || fail "the package does not contain $1"; ok; }
has ./opt/deltad/bin/deltad
has ./opt/deltad/bin/deltactl
has ./opt/deltad/lib/runtime/bin/java
has ./opt/deltad/lib/runtime/lib/modules
has ./opt/deltad/lib/app/deltad-engine.jar
has ./opt/deltad/lib/app/deltad-tools.jar
has ./opt/deltad/lib/app/deltad.cfg
has ./opt/deltad/lib/app/deltactl.cfg
grep -qE '^\./opt/deltad/lib/app/lib/agrona-.*\.jar$' <<<"$contents" || fail "no agrona jar in lib/app/lib"; ok
has ./opt/deltad/lib/app/lib/libdeltad_dpdk.so
has ./lib/systemd/system/deltad.service
has ./etc/deltad/deltad.toml
has ./etc/default/deltad
for schema in board.toml note.json yjs.toml; do has "./etc/deltad/schemas/$schema"; done
has "./usr/bin/deltactl -> /opt/deltad/bin/deltactl"

tmp=$(mktemp -d /tmp/check-deb.XXXXXX)
pid=""
notify_pid=""
cleanup() {
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  [ -n "$notify_pid" ] && kill -KILL "$notify_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
dpkg-deb -x "$deb" "$tmp/root"
opt="$tmp/root/opt/deltad"
dpkg-deb -e "$deb" "$tmp/DEBIAN"
# The DPDK shim links DPDK 22.11's libraries by SONAME: every one must resolve (Depends brings them).
missing=$(ldd "$opt/lib/app/lib/libdeltad_dpdk.so" | grep 'not found' || true)
[ -z "$missing" ] || fail "libdeltad_dpdk.so: unresolved libraries: $missing"; ok
for script in preinst postinst prerm postrm; do
  sh -n "$tmp/DEBIAN/$script" || fail "$script is not valid sh"; ok
done

grep -q 'ExecStart=/opt/deltad/bin/deltad /etc/deltad/deltad.toml' "$tmp/root/lib/systemd/system/deltad.service" \
  || fail "the unit does not start /opt/deltad/bin/deltad /etc/deltad/deltad.toml"; ok
unit="$tmp/root/lib/systemd/system/deltad.service"
# Type=notify: systemctl start waits for the appliance's READY=1 (checked on the real start below), sent by the main
# process itself (the jpackage launcher runs the JVM in-process).
grep -qx 'Type=notify' "$unit" && grep -qx 'NotifyAccess=main' "$unit" \
  || fail "the unit is not Type=notify with NotifyAccess=main"; ok

# The maintainer scripts' systemd branches, with a systemctl that only records its arguments: in a private mount
# namespace whose /run is a fresh tmpfs, with /run/systemd/system (booted with systemd) and without. Root only.
if [ "$(id -u)" -eq 0 ] && unshare --mount --fork true 2>/dev/null; then
  mkdir -p "$tmp/stub"
  printf '#!/bin/sh\necho "$*" >>"%s/systemctl.calls"\n' "$tmp" >"$tmp/stub/systemctl"
  chmod +x "$tmp/stub/systemctl"
  # expect_calls SYSTEMD(yes|no) WANT SCRIPT ARGS...: SCRIPT ARGS must succeed and call systemctl as WANT says (the
  # calls ';'-separated).
  expect_calls() {
    local systemd="$1" want="$2" got=""
    shift 2
    rm -f "$tmp/systemctl.calls"
    unshare --mount --fork sh -c 'mount -t tmpfs tmpfs /run && { [ "$1" = no ] || mkdir -p /run/systemd/system; } &&
      shift && PATH="$0:$PATH" "$@"' "$tmp/stub" "$systemd" "$tmp/DEBIAN/$@" >/dev/null 2>&1 \
      || fail "$* (systemd: $systemd) failed"
    [ ! -f "$tmp/systemctl.calls" ] || got=$(paste -sd';' "$tmp/systemctl.calls")
    [ "$got" = "$want" ] || fail "$* (systemd: $systemd) ran systemctl '$got', want '$want'"; ok
  }
  expect_calls yes 'daemon-reload' postinst configure
  expect_calls yes 'daemon-reload;try-restart deltad.service' postinst configure 0.0.1-1
  expect_calls yes '' prerm upgrade 0.1.0-1
  expect_calls yes 'stop deltad.service;disable deltad.service' prerm remove
  expect_calls yes 'daemon-reload' postrm remove
  expect_calls yes 'daemon-reload' postrm purge
  expect_calls no '' postinst configure 0.0.1-1
  expect_calls no 'disable deltad.service' prerm remove
  expect_calls no '' postrm purge
  echo "check-deb: maintainer scripts: systemctl calls as expected with and without systemd (stub systemctl)" >&2
fi
if command -v systemd-analyze >/dev/null 2>&1; then
  # Parses the unit; outside an install its ExecStart does not exist, which is the one complaint allowed.
  complaints=$(systemd-analyze verify "$tmp/root/lib/systemd/system/deltad.service" 2>&1 | grep -v 'is not executable' || true)
  [ -z "$complaints" ] || fail "systemd-analyze verify deltad.service: $complaints"; ok
fi
java_version=$("$opt/lib/runtime/bin/java" -version 2>&1) || fail "the bundled java does not run: $java_version"
grep -qE 'version "25[."]' <<<"$java_version" || fail "the bundled runtime is not Java 25: $java_version"; ok

set +e
out=$("$opt/bin/deltad" "$tmp/no-such.toml" 2>&1); status=$?
set -e
[ "$status" -eq 2 ] || fail "deltad with a missing config exited $status, want 2: $out"; ok
grep -q "deltad: $tmp/no-such.toml: cannot read" <<<"$out" || fail "deltad with a missing config said: $out"; ok
echo "check-deb: launcher on a missing config: exit $status: $(grep 'deltad:' <<<"$out")" >&2

# The packaged deltactl defaults to the installed config (not installed here, so it says it cannot read it).
if [ ! -e /etc/deltad/deltad.toml ]; then
  set +e
  out=$("$opt/bin/deltactl" status 2>&1); status=$?
  set -e
  [ "$status" -eq 1 ] && grep -q "deltactl: /etc/deltad/deltad.toml: cannot read" <<<"$out" \
    || fail "deltactl without --config should read /etc/deltad/deltad.toml; exit $status: $out"; ok
fi

# A real start from the packaged config; only the socket, counters and metrics port move, so this host's /run and
# port 9090 are untouched.
conf="$tmp/root/etc/deltad/deltad.toml"
sed -i -e "s|^socket = .*|socket = \"$tmp/run/control.sock\"|" -e "s|^file = .*|file = \"$tmp/counters.dat\"|" \
  -e "s|^listen = .*|listen = \"127.0.0.1:0\"|" "$conf"
# Under systemd the appliance sends READY=1 to $NOTIFY_SOCKET once it serves (Type=notify); a receiver stands in for
# systemd where python3 is at hand.
notify=""
if command -v python3 >/dev/null 2>&1; then
  notify="$tmp/notify.sock"
  python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
with open(sys.argv[2], "a") as out:
    for _ in range(2):
        try:
            out.write(s.recv(4096).decode() + "\n"); out.flush()
        except socket.timeout:
            break
' "$notify" "$tmp/notify.log" &
  notify_pid=$!
  for _ in $(seq 1 50); do [ -S "$notify" ] && break; sleep 0.1; done
  [ -S "$notify" ] || fail "the stand-in for systemd's notification socket did not bind $notify"
fi
NOTIFY_SOCKET="$notify" "$opt/bin/deltad" "$conf" >"$tmp/deltad.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  grep -q 'Appliance - started' "$tmp/deltad.log" && break
  kill -0 "$pid" 2>/dev/null || fail "the packaged deltad stopped at start: $(cat "$tmp/deltad.log")"
  sleep 0.1
done
grep -q 'Appliance - started' "$tmp/deltad.log" || fail "the packaged deltad did not start in 10 s: $(cat "$tmp/deltad.log")"; ok
grep -q "3 schema type(s) from $tmp/root/etc/deltad/schemas" "$tmp/deltad.log" \
  || fail "the packaged config did not load the packaged schemas: $(cat "$tmp/deltad.log")"; ok
status_out=$("$opt/bin/deltactl" status --config "$conf" 2>&1) || fail "packaged deltactl status failed: $status_out"
grep -q '^node deltad ' <<<"$status_out" || fail "packaged deltactl status said: $status_out"; ok
stat_out=$("$opt/bin/deltactl" stat --config "$conf" 2>&1) || fail "packaged deltactl stat failed: $stat_out"; ok
kill -TERM "$pid"
set +e
wait "$pid"; status=$?
set -e
pid=""
[ "$status" -eq 143 ] || fail "deltad exited $status after SIGTERM, want 143: $(cat "$tmp/deltad.log")"; ok
grep -q 'Appliance - stopped' "$tmp/deltad.log" || fail "no clean stop after SIGTERM: $(cat "$tmp/deltad.log")"; ok
if [ -n "$notify" ]; then
  wait "$notify_pid" 2>/dev/null || true
  notify_pid=""
  [ "$(paste -sd' ' "$tmp/notify.log" 2>/dev/null)" = "READY=1 STOPPING=1" ] \
    || fail "NOTIFY_SOCKET got '$(paste -sd' ' "$tmp/notify.log" 2>/dev/null)', want READY=1 then STOPPING=1"; ok
  echo "check-deb: the packaged deltad notified READY=1 when serving and STOPPING=1 on SIGTERM (Type=notify)" >&2
fi
echo "check-deb: started the packaged deltad, deltactl status: $(head -n1 <<<"$status_out"), stopped on SIGTERM" >&2
echo "check-deb: $deb: $checks checks passed"
