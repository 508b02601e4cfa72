/**
 * The bare-metal packet path (DESIGN §7): {@link io.deltad.io.dpdk.DpdkPacketIo} drives one RX/TX queue pair of a
 * DPDK port from its IoAgent's thread, with deltad's own Ethernet, ARP, IPv4 and UDP ({@link io.deltad.io.dpdk.Frames},
 * {@link io.deltad.io.dpdk.ArpCache}); {@link io.deltad.io.dpdk.DpdkPort} sets the port up, {@link
 * io.deltad.io.dpdk.DpdkEal} starts DPDK's environment once per process. Design and tests: {@code docs/DPDK.md}.
 */
package io.deltad.io.dpdk;
