#!/usr/bin/env bash
# Reserves hugepages for DPDK (io.mode = "dpdk" with [dpdk] hugepages = true) and, if asked, mounts hugetlbfs.
# Touches nothing without explicit arguments; --dry-run prints what it would do.
#
# Usage: deploy/dpdk/hugepages.sh --pages N [--size 2M|1G] [--node NODE] [--mount DIR] [--dry-run]
#   --pages N     hugepages to reserve (2M pages: 512 = 1 GiB), on NODE or spread by the kernel over all nodes
#   --size        page size, 2M (default) or 1G (1G pages are best reserved at boot: hugepagesz=1G hugepages=N)
#   --node NODE   reserve on this NUMA node only (the node of the NIC: /sys/bus/pci/devices/<pci>/numa_node)
#   --mount DIR   mount hugetlbfs of that page size on DIR (deltad runs EAL with --in-memory and needs none;
#                 [store] backing = "hugetlbfs" does)
# Persist across reboots with the kernel command line (hugepages=N) or a sysctl/systemd unit; see docs/DEPLOY.md.
set -euo pipefail
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
pages="" size="2M" node="" mount="" dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --pages) pages="${2:-}"; shift 2 ;;
    --size) size="${2:-}"; shift 2 ;;
    --node) node="${2:-}"; shift 2 ;;
    --mount) mount="${2:-}"; shift 2 ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage ;;
    *) echo "hugepages.sh: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$pages" ] || { echo "hugepages.sh: --pages N is required (nothing changed)" >&2; usage; }
[[ "$pages" =~ ^[0-9]+$ ]] || { echo "hugepages.sh: --pages must be a number, got '$pages'" >&2; exit 2; }
case "$size" in
  2M) kib=2048 ;;
  1G) kib=1048576 ;;
  *) echo "hugepages.sh: --size must be 2M or 1G, got '$size'" >&2; exit 2 ;;
esac
if [ -n "$node" ]; then
  [[ "$node" =~ ^[0-9]+$ ]] || { echo "hugepages.sh: --node must be a number" >&2; exit 2; }
  target="/sys/devices/system/node/node$node/hugepages/hugepages-${kib}kB/nr_hugepages"
else
  target="/sys/kernel/mm/hugepages/hugepages-${kib}kB/nr_hugepages"
fi
run() {
  if [ "$dry" = 1 ]; then echo "would run: $*"; else echo "+ $*" >&2; "$@"; fi
}
if [ "$dry" = 1 ]; then
  echo "would write $pages to $target (now: $(cat "$target" 2>/dev/null || echo 'absent: no such page size or node'))"
else
  [ "$(id -u)" -eq 0 ] || { echo "hugepages.sh: needs root (or --dry-run)" >&2; exit 1; }
  [ -w "$target" ] || { echo "hugepages.sh: $target not writable: no ${size} pages on this kernel/node" >&2; exit 1; }
  echo "$pages" >"$target"
  got=$(cat "$target")
  echo "hugepages.sh: $got of $pages ${size} pages reserved ($target)"
  [ "$got" -ge "$pages" ] || { echo "hugepages.sh: memory too fragmented; reserve at boot (hugepages=$pages)" >&2; exit 1; }
fi
if [ -n "$mount" ]; then
  if grep -qs " $mount hugetlbfs " /proc/mounts; then
    echo "hugepages.sh: $mount is already a hugetlbfs mount"
  else
    run mkdir -p "$mount"
    run mount -t hugetlbfs -o pagesize="$size" nodev "$mount"
  fi
fi
