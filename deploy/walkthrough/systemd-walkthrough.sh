#!/usr/bin/env bash
# The "From install to stop" walkthrough of docs/OPERATIONS.md under a real systemd: boots Debian bookworm with
# systemd as PID 1 in a systemd-nspawn container on this host, installs the package there with apt, and runs each
# step an operator runs: systemctl enable --now, status, journalctl -u deltad, deltactl top under WebRTC load, a
# manual promotion, /metrics, restart on failure (kill -9), a reboot (enabled at boot), a refused config, an upgrade
# (postinst try-restart), drain + systemctl stop, apt remove and purge. Prints each command and its real output,
# checks what each step should have done, and tears the container down (no process or mount is left).
#
# NOT part of CI (bin/test, .ci/run): it needs root, debootstrap (a ~260 MB root file system, cached) and a booted
# container, and takes about 2 minutes on 2 cores (plus the package build, ~1 min, and the first time debootstrap,
# ~75 s).
#
# Usage (root, Debian/Ubuntu host):
#   deploy/walkthrough/systemd-walkthrough.sh [--deb PATH.deb] [--out FILE] [--load-seconds N] [--timeout SECONDS]
#     --deb           the package to install (default: build it with deploy/package/build-deb.sh)
#     --out           also write the transcript to FILE
#     --load-seconds  how long the first WebRTC load runs (default 40)
#     --timeout       the whole run is stopped (and torn down) after this many seconds (default 1500)
#   DELTAD_WALK_MIRROR=http://...  the Debian mirror for debootstrap and the container's apt (default: the host's)
#   DELTAD_WALK_CACHE=DIR          where the base root file system is cached (default /var/cache/deltad-walkthrough)
#   DELTAD_WALK_REFRESH=1          rebuild the cached root file system
# Exit 0 when every check passed, 1 otherwise (the failed checks are listed at the end).
#
# How: the host needs no systemd (PID 1 here may be anything): systemd-nspawn --register=no --keep-unit boots the
# container without machined or a system bus (without those two it stops at "Failed to open system bus: No such file
# or directory"; run on hybrid cgroups, v1 controllers + cgroup2, with no SYSTEMD_NSPAWN_UNIFIED_HIERARCHY needed);
# --private-network gives it its own loopback (its ports 8080/9090 do not touch the host's), and commands run inside
# through nsenter on the container's init (machinectl would need the host's machined). apt inside uses the host's
# network (nsenter without the network namespace) to fetch the package's dependencies.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../bin/lib.sh"

deb=""
out=""
load_seconds=40
timeout_s=1500
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --load-seconds) load_seconds="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[ "$(id -u)" -eq 0 ] || die "systemd-walkthrough.sh needs root (debootstrap, systemd-nspawn, nsenter)"
[[ "$load_seconds" =~ ^[0-9]+$ ]] && [ "$load_seconds" -ge 20 ] || die "--load-seconds: at least 20"

machine=deltad-walk
cache="${DELTAD_WALK_CACHE:-/var/cache/deltad-walkthrough}"
base="$cache/rootfs-bookworm"
root="/var/lib/machines/$machine"
includes=systemd,systemd-sysv,dbus,iproute2,procps,curl,less
work=$(mktemp -d /tmp/deltad-walk.XXXXXX)
transcript="$work/transcript.txt"
nspawn_pid=""
leader=""
boots=0
passed=0
failed=()
t0=$(date +%s)

say() { echo "walkthrough: $* ($(( $(date +%s) - t0 ))s)" | tee -a "$transcript" >&2; }

# --- teardown: runs on every exit (normal end, failure, the watchdog's TERM) ---------------------------------------
stop_container() {
  [ -n "$nspawn_pid" ] || return 0
  if kill -0 "$nspawn_pid" 2>/dev/null; then
    # A clean poweroff first (systemd stops its units: deltad gets SIGTERM), then nspawn's own TERM, then KILL.
    [ -n "$leader" ] && nsenter -t "$leader" -a systemctl poweroff >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.5; done
    kill -TERM "$nspawn_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$nspawn_pid" 2>/dev/null || true
  fi
  wait "$nspawn_pid" 2>/dev/null || true
  nspawn_pid=""
  leader=""
}
teardown() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "${watchdog:-}" ]; then # its sleep first, then the subshell
    pkill -P "$watchdog" 2>/dev/null || true
    kill "$watchdog" 2>/dev/null || true
  fi
  stop_container
  # The container's mounts live in its own mount namespace and die with it; refuse to delete anything still mounted.
  if grep -q " $root[/ ]" /proc/mounts; then
    echo "walkthrough: mounts left under $root, not removing it:" >&2
    grep " $root[/ ]" /proc/mounts >&2
    status=1
  else
    rm -rf --one-file-system "$root"
  fi
  [ -n "$out" ] && [ -f "$transcript" ] && cp "$transcript" "$out"
  rm -rf "$work"
  exit "$status"
}
trap teardown EXIT
trap 'echo "walkthrough: stopped by signal" >&2; exit 1' INT TERM
# The whole run is bounded: the watchdog TERMs this script, whose trap tears the container down.
( sleep "$timeout_s"; echo "walkthrough: timed out after ${timeout_s}s" >&2; kill -TERM $$ ) 2>/dev/null &
watchdog=$!

# --- host: tools, package, cached base root file system ------------------------------------------------------------
ensure_debs debootstrap systemd-container
if [ -z "$deb" ]; then
  say "building the package (deploy/package/build-deb.sh)"
  find_jdk
  deb=$("$here/../package/build-deb.sh" 2> >(sed 's/^/  /' >&2))
fi
[ -f "$deb" ] || die "no package at '$deb'"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
find_jdk # javac for the load generator (the container has only the package's runtime)

if [ -z "${DELTAD_WALK_MIRROR:-}" ]; then
  DELTAD_WALK_MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
    2>/dev/null | grep -v '^ *#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n1 | tr -d ' ' || true)
  DELTAD_WALK_MIRROR="${DELTAD_WALK_MIRROR:-http://deb.debian.org/debian}"
fi
stamp="bookworm minbase $includes $DELTAD_WALK_MIRROR"
if [ "${DELTAD_WALK_REFRESH:-0}" = 1 ] || [ ! -f "$base.stamp" ] || [ "$(cat "$base.stamp")" != "$stamp" ]; then
  say "debootstrap bookworm into $base (cached for the next run)"
  rm -rf --one-file-system "$base" "$base.stamp"
  mkdir -p "$cache"
  debootstrap --variant=minbase --include="$includes" bookworm "$base.new" "$DELTAD_WALK_MIRROR" \
    >"$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  mv "$base.new" "$base"
  echo "$stamp" >"$base.stamp"
fi

nspawn_on_root="systemd-nspawn .*(-D |--directory=)$root( |\$)"
if pgrep -f "$nspawn_on_root" >/dev/null; then
  die "a systemd-nspawn already runs on $root (another walkthrough?); stop it first"
fi
rm -rf --one-file-system "$root"
mkdir -p "$(dirname "$root")"
cp -a --reflink=auto "$base" "$root"
echo "$machine" >"$root/etc/hostname"
printf '127.0.1.1\t%s\n' "$machine" >>"$root/etc/hosts"
# /var/tmp, not /tmp (a tmpfs in the container) nor /root (apt's _apt user cannot read there).
cp "$deb" "$root/var/tmp/"
debname=$(basename "$deb")

# The load generator, compiled here against the package's own jars; run in the container by the package's runtime.
mkdir -p "$work/app" "$root/var/tmp/walkthrough"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/app" ./opt/deltad/lib/app
"$JAVA_HOME/bin/javac" -nowarn -d "$root/var/tmp/walkthrough" \
  -cp "$work/app/opt/deltad/lib/app/*:$work/app/opt/deltad/lib/app/lib/*" "$here/WebRtcLoad.java"

# --- the container -------------------------------------------------------------------------------------------------
boot() {
  boots=$((boots + 1))
  systemd-nspawn --boot --directory="$root" --machine="$machine" --private-network --register=no --keep-unit \
    --console=passive >"$work/nspawn.$boots.log" 2>&1 &
  nspawn_pid=$!
  leader=""
  for _ in $(seq 1 100); do
    leader=$(pgrep -P "$nspawn_pid" -x systemd | head -n1 || true)
    [ -n "$leader" ] && break
    kill -0 "$nspawn_pid" 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$leader" ] || { cat "$work/nspawn.$boots.log" >&2; die "systemd-nspawn did not start the container"; }
  local state="" deadline=$(( $(date +%s) + 90 ))
  # Until systemd has its private socket, systemctl says "Failed to connect to bus": retry until it answers.
  while [ "$(date +%s)" -lt "$deadline" ]; do
    state=$(timeout 90 nsenter -t "$leader" -a systemctl is-system-running --wait 2>&1 || true)
    case "$state" in *"Failed to connect"*|"") sleep 0.5 ;; *) break ;; esac
  done
  case "$state" in
    running|degraded) ;;
    *) cat "$work/nspawn.$boots.log" >&2; die "the container's systemd did not come up: '$state'" ;;
  esac
  say "booted: systemd $(nsenter -t "$leader" -a systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p') as PID 1 of $machine (nspawn pid $nspawn_pid, init pid $leader on the host), system $state"
}

# In the container: all its namespaces (its loopback), a clean root login environment, in /root.
inside() {
  nsenter -t "$leader" -a -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 TERM=dumb SYSTEMD_COLORS=0 SYSTEMD_PAGER= COLUMNS=160 bash -c "cd /root && $1"
}
# The same, but on the host's network: apt fetches the package's dependencies from the mirror.
inside_hostnet() {
  nsenter -t "$leader" -m -u -i -p -r -w -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive bash -c "cd /root && $1"
}
# A step of the transcript: "$ command", then its output (and its exit status when not 0), run by inside (in the
# container's namespaces) or inside_hostnet (apt: the host's network), bounded.
transcribe() {
  local how="$1" seconds="$2" cmd="$3" status=0
  echo "\$ $cmd" | tee -a "$transcript"
  timeout 60 nsenter -t "$leader" -a -- true >/dev/null 2>&1 || die "the container is gone"
  set +e
  "$how" "timeout $seconds bash -c $(printf '%q' "$cmd")" 2>&1 | tee -a "$transcript"
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" -eq 0 ] || echo "[exit $status]" | tee -a "$transcript"
  return 0
}
run() { transcribe inside 120 "$1"; }
run_hostnet() { transcribe inside_hostnet 300 "$1"; }
step() { printf '\n=== %s\n' "$*" | tee -a "$transcript"; }
# A check: a shell condition evaluated in the container, silently; the result is counted and listed at the end.
check() {
  local what="$1" condition="$2"
  if inside "$condition" >/dev/null 2>&1; then
    passed=$((passed + 1))
  else
    failed+=("$what")
    echo "walkthrough: CHECK FAILED: $what" | tee -a "$transcript" >&2
  fi
}
# A check the rest of the walkthrough cannot do without: stops it (and tears down) when it fails.
require() {
  local before=${#failed[@]}
  check "$@"
  [ ${#failed[@]} -eq "$before" ] || die "cannot go on: $1"
}
# Waits (bounded) until a condition holds in the container.
wait_for() {
  local seconds="$1" condition="$2"
  for _ in $(seq 1 $((seconds * 5))); do
    inside "$condition" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}
mainpid() { inside 'systemctl show -p MainPID --value deltad'; }
# The container's clock, for journalctl --since: the journal lines of one step and no earlier ones.
now_in() { sleep 1; inside 'date "+%F %T"'; } # after the second of the previous step's last line
# The journal of the unit without the effective-config dump (one "[section] key=value ..." line per section).
nocfg="grep -v -E 'deltad\[[0-9]+\]: \[[a-z]+\] '"

boot
java_flags="$DELTAD_JVM_FLAGS"
load_cmd() { # $1: unit name, $2: seconds
  echo "systemd-run --unit=$1 --property=RuntimeMaxSec=$(( $2 + 60 )) /opt/deltad/lib/runtime/bin/java $java_flags -cp '/var/tmp/walkthrough:/opt/deltad/lib/app/*:/opt/deltad/lib/app/lib/*' WebRtcLoad http://127.0.0.1:8080 \"\$TOKEN\" $2"
}

step "1. Install"
run "systemd-detect-virt; systemctl --version | head -n1; systemctl is-system-running; nproc"
run_hostnet "apt-get update -q >/dev/null && apt-get install -y /var/tmp/$debname 2>&1 | grep -v -E '^(Get:|Selecting|Preparing|Unpacking|Setting up lib|\\(Reading database)'"
require "the package is installed" "dpkg -s deltad | grep -q '^Status: install ok installed'"
check "the first install leaves deltad disabled and stopped" \
  "[ \"\$(systemctl is-enabled deltad)\" = disabled ] && ! systemctl is-active -q deltad"

step "2. The unit"
run "systemctl status deltad"
run "systemctl cat deltad | grep -E '^(\\[|Type|NotifyAccess|User|EnvironmentFile|ExecStart|RuntimeDirectory|Restart|SuccessExitStatus|KillSignal|TimeoutStopSec|LimitMEMLOCK|LimitNOFILE|WantedBy)'"

step "3. Configure, enable and start"
run "head -c 48 /dev/urandom | base64 > /etc/deltad/token.key && chmod 600 /etc/deltad/token.key"
run "cp /etc/deltad/deltad.toml /root/deltad.toml.orig && sed -i -e 's/^# \\[tokens\\]$/[tokens]/' -e 's/^# key_file = /key_file = /' -e 's/^# key_id = /key_id = /' -e 's/^# max_ttl = /max_ttl = /' -e '/^\\[signaling\\]/,/^\\[/ s/^enabled = false/enabled = true/' -e 's/^# \\[webrtc\\]$/[webrtc]/' -e 's/^# address = \"127.0.0.1\"/address = \"127.0.0.1\"/' -e 's/^# port = 50000/port = 50000/' /etc/deltad/deltad.toml && diff /root/deltad.toml.orig /etc/deltad/deltad.toml"
run "time systemctl enable --now deltad"
require "enable --now: enabled and active" "systemctl is-enabled -q deltad && systemctl is-active -q deltad"
check "Type=notify: active only once the control socket is up" "test -S /run/deltad/control.sock"
run "systemctl status deltad"
run "journalctl -u deltad --no-pager -o short-precise"
check "log lines reach the journal with their level's priority, the prefix stripped" \
  "journalctl -u deltad -p info..info -o cat --no-pager | grep -q 'INFO io.deltad' && ! journalctl -u deltad -p warning -o cat --no-pager | grep -q ' INFO ' && ! journalctl -u deltad -o cat --no-pager | grep -q '^<[0-9]>'"
run "grep -E 'Max (locked memory|open files)' /proc/\$(systemctl show -p MainPID --value deltad)/limits; ulimit -H -l -n"
run "ls -l /run/deltad/; for t in /proc/\$(systemctl show -p MainPID --value deltad)/task/*; do c=\$(cat \$t/comm); case \$c in deltad-cpu*) echo \"\$c \$(grep Cpus_allowed_list \$t/status)\";; esac; done"

step "4. Idle"
run "deltactl status"
run "deltactl workers"
run "deltactl stat | head -n 2"

step "5. Load through the front door, deltactl top"
run "TOKEN=\$(deltactl token --sub load --read 'yjs/*' --write 'yjs/*' --ttl 600) && $(load_cmd deltad-load "$load_seconds")"
wait_for 30 "journalctl -u deltad-load --no-pager | grep -q connected:" || true
require "the load connected through signaling" "journalctl -u deltad-load --no-pager | grep -q connected:"
sleep 3
run "journalctl -u deltad-load --no-pager -o cat | grep connected:"
run "deltactl sessions"
run "deltactl top --iterations 2"

step "6. Move the hot document by hand"
run "deltactl config set elastic.demotion_threshold 1000"
run "deltactl promote yjs/7"
sleep 1
run "deltactl top --iterations 1"
sleep 6
run "deltactl docs top"
check "yjs/7 stays on the elastic agent" "deltactl docs top | grep -E '^yjs/7 .*elastic-0 +yes'"
run "deltactl demote yjs/7"
run "journalctl -u deltad --no-pager -o cat | grep -E 'config set|promoted|demoted'"

step "7. Scrape /metrics"
run "curl -s http://127.0.0.1:9090/metrics | grep -E '^deltad_(deltas_(accepted|delivered|ingested)_total|promotions_total|demotions_total|sessions|documents|subscribers|signaling_offers_accepted_total)[ {]'"
run "curl -s http://127.0.0.1:9090/metrics | grep -c '^deltad_'; curl -s http://127.0.0.1:9090/healthz"
check "/metrics counts the promotion" "curl -s http://127.0.0.1:9090/metrics | grep -q '^deltad_promotions_total 1'"
wait_for $((load_seconds + 30)) "! systemctl is-active -q deltad-load" || true
run "journalctl -u deltad-load --no-pager -o cat | tail -n 3"
check "the subscriber received yjs/7's deltas" \
  "journalctl -u deltad-load --no-pager -o cat | grep -E '^done: .*subscriber received [1-9]'"

step "8. Restart on failure: kill -9 the JVM"
old_pid=$(mainpid)
since=$(now_in)
run "systemctl show -p MainPID,NRestarts deltad; kill -9 \$(systemctl show -p MainPID --value deltad)"
wait_for 30 "systemctl is-active -q deltad && [ \"\$(systemctl show -p MainPID --value deltad)\" != $old_pid ]" || true
run "journalctl -u deltad --no-pager -o short-precise --since '$since' | $nocfg"
run "systemctl status deltad | head -n 8; systemctl show -p MainPID,NRestarts deltad"
run "deltactl status | head -n 2"
check "restarted by systemd after SIGKILL (NRestarts=1, a new PID)" \
  "systemctl is-active -q deltad && [ \"\$(systemctl show -p NRestarts --value deltad)\" = 1 ] && [ \"\$(systemctl show -p MainPID --value deltad)\" != $old_pid ]"

step "9. Enabled: started at boot"
run "systemctl is-enabled deltad; ls -l /etc/systemd/system/multi-user.target.wants/deltad.service; systemctl poweroff"
for _ in $(seq 1 120); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.5; done
kill -0 "$nspawn_pid" 2>/dev/null && die "the container did not power off in 60 s"
wait "$nspawn_pid" 2>/dev/null || true
say "the container powered off (systemd-nspawn exited); booting it again"
boot
wait_for 30 "systemctl is-active -q deltad" || true
run "systemctl status deltad | head -n 8"
run "journalctl -b -u deltad --no-pager -o short-precise | $nocfg"
run "systemd-analyze critical-chain deltad.service; systemctl --failed"
check "started at boot" "systemctl is-active -q deltad && deltactl status >/dev/null"

step "10. A refused config: systemctl restart fails, no restart loop"
run "cp /etc/deltad/deltad.toml /root/deltad.toml.good && sed -i 's/^promotion_threshold = .*/promotion_threshold = -5/' /etc/deltad/deltad.toml && systemctl restart deltad; echo \"systemctl restart: exit \$?\""
sleep 4
run "systemctl status deltad | head -n 8; systemctl show -p Result,ExecMainStatus,NRestarts deltad"
run "journalctl -u deltad --no-pager -o short-precise -n 6"
run "journalctl -u deltad --no-pager -p err -o cat | tail -n 2"
check "the refused config is in the journal at error priority" \
  "journalctl -u deltad --no-pager -p err -o cat | grep -q promotion_threshold"
check "exit 2 leaves the unit failed, not restarting" \
  "systemctl is-failed -q deltad && [ \"\$(systemctl show -p ExecMainStatus --value deltad)\" = 2 ] && [ \"\$(systemctl show -p NRestarts --value deltad)\" = 0 ]"
run "cp /root/deltad.toml.good /etc/deltad/deltad.toml && systemctl start deltad && systemctl is-active deltad"

step "11. Upgrade while running (postinst: daemon-reload, try-restart)"
old_pid=$(mainpid)
since=$(now_in)
run "systemctl show -p MainPID deltad"
run_hostnet "apt-get install -y --reinstall /var/tmp/$debname 2>&1 | grep -v -E '^(Get:|\\(Reading database)'"
run "systemctl show -p MainPID deltad; journalctl -u deltad --no-pager -o short-precise --since '$since' | $nocfg"
check "the upgrade restarted the running appliance" \
  "systemctl is-active -q deltad && [ \"\$(systemctl show -p MainPID --value deltad)\" != $old_pid ]"

step "12. Drain, then systemctl stop"
run "TOKEN=\$(deltactl token --sub load --read 'yjs/*' --write 'yjs/*' --ttl 600) && $(load_cmd deltad-load2 120)"
wait_for 30 "deltactl sessions | grep -q '2 session(s)'" || true
since=$(now_in)
run "deltactl drain"
run "deltactl sessions"
old_pid=$(mainpid)
run "time systemctl stop deltad"
run "journalctl -u deltad --no-pager -o short-precise --since '$since' | $nocfg"
run "systemctl status deltad | head -n 8"
run "ls -A /run/deltad /dev/shm/deltad-deltad"
run "journalctl -u deltad-load2 --no-pager -o cat | tail -n 2"
check "stopped cleanly (the appliance's stopped line, exit 143 counted as success)" \
  "! systemctl is-active -q deltad && [ \"\$(systemctl show -p Result --value deltad)\" = success ] && journalctl -u deltad _PID=$old_pid -o cat | grep -q 'Appliance - stopped'"
check "the runtime directory and the counters file are gone" \
  "[ ! -e /run/deltad ] && [ ! -e /dev/shm/deltad-deltad/counters.dat ]"

step "13. Remove a running appliance, then purge"
run "systemctl start deltad && systemctl is-active deltad"
since=$(now_in)
run_hostnet "apt-get remove -y deltad 2>&1 | grep -v '(Reading database'"
run "journalctl -u deltad --no-pager -o short-precise --since '$since' | $nocfg"
run "systemctl status deltad; ls /etc/systemd/system/multi-user.target.wants/; pgrep -a -x deltad"
check "remove stopped and disabled the service" \
  "! pgrep -x deltad && [ ! -e /etc/systemd/system/multi-user.target.wants/deltad.service ] && ! systemctl cat deltad"
run_hostnet "apt-get purge -y deltad 2>&1 | grep -v '(Reading database'"
run "ls -A /etc/deltad; dpkg -s deltad 2>&1 | head -n 1"
check "purge leaves only what the operator added (token.key)" "[ \"\$(ls -A /etc/deltad)\" = token.key ]"

step "14. Tear down"
say "powering the container off"
stop_container
check_host() { # on the host, not in the container
  if eval "$2"; then passed=$((passed + 1)); else failed+=("$1"); echo "walkthrough: CHECK FAILED: $1" >&2; fi
}
check_host "no systemd-nspawn left on $root" '! pgrep -f "$nspawn_on_root" >/dev/null'
check_host "no mount left under $root" "! grep -q ' $root[/ ]' /proc/mounts"
say "done in $(( $(date +%s) - t0 ))s: ${#failed[@]} check(s) failed, $passed passed"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'walkthrough: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
