package io.deltad.io.dpdk;

import java.util.Locale;

/**
 * Why {@link DpdkPacketIo} dropped a frame or a datagram (BAD_INPUTS 38-39). Counted per queue, never thrown.
 * RX reasons are checked in this order, so a frame is counted once, for the first thing wrong with it.
 */
public enum DpdkDrop {
    /** Shorter than the headers its EtherType or IHL promise (Ethernet 14, IPv4 20+, UDP 8, ARP 28). */
    RUNT,
    /** A received mbuf chain (multi-segment): deltad's datagrams fit one mbuf. */
    SEGMENTED,
    /** Destination MAC neither ours nor broadcast. */
    NOT_OUR_MAC,
    /** Neither IPv4 (0x0800) nor ARP (0x0806); VLAN tags included. */
    WRONG_ETHERTYPE,
    /** IP version not 4. */
    BAD_IP_VERSION,
    /** IHL below 5, or header longer than the frame. */
    BAD_IHL,
    /** IPv4 header checksum wrong. */
    BAD_IPV4_CHECKSUM,
    /** IPv4 total length shorter than its header plus UDP's, or longer than the frame. */
    BAD_IPV4_LENGTH,
    /** More-fragments set or a fragment offset: deltad does not reassemble (its datagrams fit the MTU). */
    FRAGMENT,
    /** IPv4 but not UDP (ICMP, TCP, ...). */
    NOT_UDP,
    /** UDP length field not equal to the IPv4 payload length. */
    UDP_LENGTH_MISMATCH,
    /** UDP checksum present and wrong. */
    BAD_UDP_CHECKSUM,
    /** Not to our IPv4 address and UDP port. */
    NOT_FOR_US,
    /** UDP payload larger than an RX slot. */
    TOO_LONG,
    /** ARP that is not Ethernet/IPv4, or an opcode other than request/reply. */
    ARP_MALFORMED,
    /** ARP not about us and for an address not in the cache (requests for other hosts, gratuitous ARP). */
    ARP_IGNORED,
    /** For another queue's UDP port (or an ARP copy for it), and that queue's hand-off ring was full. */
    HANDOFF_FULL,
    /** TX: next hop MAC not resolved yet (an ARP request went out, rate-limited). */
    TX_UNRESOLVED,
    /** TX: destination off-link and no gateway configured. */
    TX_NO_ROUTE,
    /** TX: datagram larger than the MTU allows. */
    TX_TOO_BIG,
    /** TX: the mbuf pool was empty. */
    TX_NO_MBUF,
    /** TX: the queue's descriptor ring was full; the unsent mbufs were freed. */
    TX_QUEUE_FULL;

    static final DpdkDrop[] VALUES = values();

    /** Lower case, spaces: the counter's label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** True for the reasons counted on the transmit side. */
    public boolean isTx() {
        return ordinal() >= TX_UNRESOLVED.ordinal();
    }
}
