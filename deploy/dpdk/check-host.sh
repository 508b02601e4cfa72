#!/usr/bin/env bash
# Reports what DPDK mode needs from this host, changing nothing: CPU features, hugepages, IOMMU and vfio, the NICs
# and their drivers, NUMA nodes, isolated cores. Exit 0 when nothing blocks [dpdk] hugepages = true on a NIC, 1 otherwise
# (with the reasons). Usage: deploy/dpdk/check-host.sh
set -uo pipefail
problems=0
say() { printf '%-12s %s\n' "$1" "$2"; }
bad() { say "$1" "PROBLEM: $2"; problems=$((problems + 1)); }

if grep -qw sse4_2 /proc/cpuinfo; then say cpu "sse4.2 present (Debian's DPDK 22.11 is built for -march=corei7)"
else bad cpu "no sse4.2: Debian's DPDK build will not run"; fi
say cores "$(nproc) online; isolated: $(cat /sys/devices/system/cpu/isolated 2>/dev/null || echo none); cmdline: $(grep -oE '(isolcpus|nohz_full|rcu_nocbs)=[^ ]+' /proc/cmdline | tr '\n' ' ')"
nodes=$(ls -d /sys/devices/system/node/node* 2>/dev/null | wc -l)
say numa "$nodes node(s)"
total=0
for h in /sys/kernel/mm/hugepages/hugepages-*; do
  [ -d "$h" ] || continue
  n=$(cat "$h/nr_hugepages"); free=$(cat "$h/free_hugepages"); size=${h##*-}
  say hugepages "$size: $n reserved, $free free"
  total=$((total + n))
done
[ "$total" -gt 0 ] || bad hugepages "none reserved: deploy/dpdk/hugepages.sh --pages 1024 (or [dpdk] hugepages = false for development)"
if [ -n "$(ls -A /sys/kernel/iommu_groups 2>/dev/null)" ]; then say iommu "on ($(ls /sys/kernel/iommu_groups | wc -l) groups)"
else bad iommu "off: vfio-pci needs intel_iommu=on / amd_iommu=on (iommu=pt) on the kernel command line"; fi
if [ -d /sys/module/vfio_pci ] || modinfo vfio-pci >/dev/null 2>&1; then say vfio "vfio-pci available"
else bad vfio "vfio-pci module missing"; fi
if command -v dpdk-devbind.py >/dev/null; then
  say nics ""
  dpdk-devbind.py --status-dev net 2>/dev/null | sed 's/^/             /'
else bad dpdk "dpdk-devbind.py missing: apt-get install dpdk"; fi
if pkg-config --exists libdpdk 2>/dev/null; then say dpdk "$(pkg-config --modversion libdpdk) (development files)"
elif dpkg -s dpdk >/dev/null 2>&1; then say dpdk "$(dpkg-query -W -f '${Version}' dpdk)"
fi
[ "$problems" -eq 0 ] && echo "check-host: ready for io.mode = \"dpdk\"" || echo "check-host: $problems problem(s) above"
[ "$problems" -eq 0 ]
