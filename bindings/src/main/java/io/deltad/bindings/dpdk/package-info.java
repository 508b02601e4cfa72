/**
 * FFM bindings to {@code libdeltad_dpdk.so} (native/), the flat C shim over DPDK 22.11, hand-written in jextract's
 * shape: {@link deltad_dpdk_h} (one holder class per function), {@link rte_mbuf} (the mbuf fields deltad reads and
 * writes without a call, at offsets checked against the compiled headers), {@link DpdkLibrary} (loads the shim and
 * explains a missing one).
 */
package io.deltad.bindings.dpdk;
