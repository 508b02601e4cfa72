#!/usr/bin/env bash
# Binds a NIC to a DPDK-capable kernel driver (vfio-pci by default) with dpdk-devbind.py, or gives it back to its
# kernel driver. Touches nothing without an explicit PCI address; --dry-run prints what it would do.
#
# Usage: deploy/dpdk/bind-nic.sh --pci 0000:03:00.0 [--driver vfio-pci|uio_pci_generic] [--dry-run] [--force]
#        deploy/dpdk/bind-nic.sh --pci 0000:03:00.0 --restore KERNEL_DRIVER [--dry-run]   (e.g. --restore ice)
#   The NIC leaves the kernel: its interface (and any SSH session over it) disappears. dpdk-devbind.py refuses an
#   interface with routes unless --force. vfio-pci needs the IOMMU on (intel_iommu=on / amd_iommu=on iommu=pt);
#   without one, vfio-pci's no-IOMMU mode or uio_pci_generic work but give up DMA isolation (docs/DEPLOY.md).
set -euo pipefail
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
pci="" driver="vfio-pci" restore="" dry=0 force=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pci) pci="${2:-}"; shift 2 ;;
    --driver) driver="${2:-}"; shift 2 ;;
    --restore) restore="${2:-}"; shift 2 ;;
    --dry-run) dry=1; shift ;;
    --force) force=(--force); shift ;;
    -h|--help) usage ;;
    *) echo "bind-nic.sh: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$pci" ] || { echo "bind-nic.sh: --pci ADDRESS is required (nothing changed)" >&2; usage; }
[[ "$pci" =~ ^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$ ]] \
  || { echo "bind-nic.sh: '$pci' is not a PCI address such as 0000:03:00.0" >&2; exit 2; }
[[ "$pci" == *:*:* ]] || pci="0000:$pci"
devbind=$(command -v dpdk-devbind.py || true)
[ -n "$devbind" ] || { echo "bind-nic.sh: dpdk-devbind.py not found (apt-get install dpdk)" >&2; exit 1; }
dev="/sys/bus/pci/devices/$pci"
[ -e "$dev" ] || { echo "bind-nic.sh: no PCI device $pci on this host" >&2; exit 1; }
current=$(basename "$(readlink "$dev/driver" 2>/dev/null)" 2>/dev/null || echo none)
echo "bind-nic.sh: $pci: driver $current, NUMA node $(cat "$dev/numa_node" 2>/dev/null || echo '?'), $(ls "$dev/net" 2>/dev/null | sed 's/^/interface /' || true)"
run() {
  if [ "$dry" = 1 ]; then echo "would run: $*"; else echo "+ $*" >&2; "$@"; fi
}
if [ -n "$restore" ]; then
  run "$devbind" -b "$restore" "$pci"
  exit 0
fi
case "$driver" in
  vfio-pci)
    if [ -z "$(ls -A /sys/kernel/iommu_groups 2>/dev/null)" ]; then
      echo "bind-nic.sh: no IOMMU groups: enable the IOMMU (intel_iommu=on or amd_iommu=on, iommu=pt) and reboot," >&2
      echo "  or use --driver uio_pci_generic (no DMA isolation)" >&2
      [ "$dry" = 1 ] || exit 1
    fi ;;
  uio_pci_generic) ;;
  *) echo "bind-nic.sh: --driver must be vfio-pci or uio_pci_generic, got '$driver'" >&2; exit 2 ;;
esac
[ "$dry" = 1 ] || [ "$(id -u)" -eq 0 ] || { echo "bind-nic.sh: needs root (or --dry-run)" >&2; exit 1; }
run modprobe "$driver"
run "$devbind" "${force[@]}" -b "$driver" "$pci"
[ "$dry" = 1 ] || "$devbind" --status-dev net | grep -F "$pci" || true
