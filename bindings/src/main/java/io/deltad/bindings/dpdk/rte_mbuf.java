package io.deltad.bindings.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The fields of {@code struct rte_mbuf} (DPDK 22.11, 128 bytes, two cache lines) that deltad reads and writes directly,
 * so that no downcall is made per packet. Accessors take the mbuf's address ({@code long}, as the burst calls return
 * it in their pointer arrays) and go through one segment spanning the whole address space ({@link #MEMORY}): no
 * segment is made per packet.
 * <pre>
 *   0   buf_addr     void *      start of the buffer (headroom, then data)
 *   8   buf_iova     rte_iova_t
 *   16  data_off     uint16_t    data starts at buf_addr + data_off (RTE_PKTMBUF_HEADROOM = 128 after alloc)
 *   18  refcnt       uint16_t
 *   20  nb_segs      uint16_t    1 for every mbuf deltad makes; received chains are dropped
 *   22  port         uint16_t
 *   24  ol_flags     uint64_t    RTE_MBUF_F_TX_* requests checksum offload on transmit
 *   32  packet_type  uint32_t
 *   36  pkt_len      uint32_t    bytes in the whole chain
 *   40  data_len     uint16_t    bytes in this segment
 *   42  vlan_tci, rss hash / fdir (8), vlan_tci_outer
 *   54  buf_len      uint16_t
 *   56  pool         struct rte_mempool *
 *   64  next         struct rte_mbuf *   (second cache line)
 *   72  tx_offload   uint64_t    l2_len (7 bits), l3_len (9), l4_len (8), ...
 * </pre>
 * {@link #checkLayout()} compares these offsets with the ones the shim was compiled with ({@code offsetof}), and the
 * shim itself refuses to compile against other offsets ({@code _Static_assert}): a DPDK whose layout moved fails loudly.
 */
public final class rte_mbuf {
    private rte_mbuf() {
    }

    /** All of memory: accessors index it by absolute address, which allocates nothing (unlike a segment per mbuf). */
    public static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    public static final long buf_addr$OFFSET = 0;
    public static final long data_off$OFFSET = 16;
    public static final long nb_segs$OFFSET = 20;
    public static final long port$OFFSET = 22;
    public static final long ol_flags$OFFSET = 24;
    public static final long pkt_len$OFFSET = 36;
    public static final long data_len$OFFSET = 40;
    public static final long buf_len$OFFSET = 54;
    public static final long tx_offload$OFFSET = 72;
    public static final long SIZEOF = 128;
    /** RTE_PKTMBUF_HEADROOM: data_off of a freshly allocated mbuf. */
    public static final int HEADROOM = 128;

    /** RTE_MBUF_F_TX_IPV4: the packet is IPv4 (needed with the IP or L4 checksum flags). */
    public static final long F_TX_IPV4 = 1L << 55;
    /** RTE_MBUF_F_TX_IP_CKSUM: the NIC computes the IPv4 header checksum. */
    public static final long F_TX_IP_CKSUM = 1L << 54;
    /** RTE_MBUF_F_TX_UDP_CKSUM: the NIC computes the UDP checksum (the field must hold the pseudo-header sum). */
    public static final long F_TX_UDP_CKSUM = 3L << 52;
    /** RTE_ETH_TX_OFFLOAD_IPV4_CKSUM (port capability / configuration bit). */
    public static final long TX_OFFLOAD_IPV4_CKSUM = 1L << 1;
    /** RTE_ETH_TX_OFFLOAD_UDP_CKSUM. */
    public static final long TX_OFFLOAD_UDP_CKSUM = 1L << 2;
    /** RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE: all mbufs of a queue from one pool, refcount 1. */
    public static final long TX_OFFLOAD_MBUF_FAST_FREE = 1L << 16;
    /** RTE_ETH_RX_OFFLOAD_IPV4_CKSUM. */
    public static final long RX_OFFLOAD_IPV4_CKSUM = 1L << 1;
    /** RTE_ETH_RX_OFFLOAD_UDP_CKSUM. */
    public static final long RX_OFFLOAD_UDP_CKSUM = 1L << 2;
    /** RTE_MBUF_F_RX_IP_CKSUM_MASK: the two bits of a received frame's IPv4 header checksum status (0: unknown). */
    public static final long F_RX_IP_CKSUM_MASK = 1L << 4 | 1L << 7;
    /** RTE_MBUF_F_RX_IP_CKSUM_GOOD: the port checked the IPv4 header checksum and it is right. */
    public static final long F_RX_IP_CKSUM_GOOD = 1L << 7;
    /** RTE_MBUF_F_RX_IP_CKSUM_BAD: the port checked it and it is wrong. */
    public static final long F_RX_IP_CKSUM_BAD = 1L << 4;
    /** RTE_MBUF_F_RX_L4_CKSUM_MASK: the same for the UDP checksum. */
    public static final long F_RX_L4_CKSUM_MASK = 1L << 3 | 1L << 8;
    /** RTE_MBUF_F_RX_L4_CKSUM_GOOD. */
    public static final long F_RX_L4_CKSUM_GOOD = 1L << 8;
    /** RTE_MBUF_F_RX_L4_CKSUM_BAD. */
    public static final long F_RX_L4_CKSUM_BAD = 1L << 3;

    public static long buf_addr(final long mbuf) {
        return MEMORY.get(JAVA_LONG, mbuf + buf_addr$OFFSET);
    }

    public static int data_off(final long mbuf) {
        return MEMORY.get(JAVA_SHORT, mbuf + data_off$OFFSET) & 0xFFFF;
    }

    public static void data_off(final long mbuf, final int value) {
        MEMORY.set(JAVA_SHORT, mbuf + data_off$OFFSET, (short) value);
    }

    /** The address of the packet's first byte: {@code buf_addr + data_off}. */
    public static long data(final long mbuf) {
        return buf_addr(mbuf) + data_off(mbuf);
    }

    public static int nb_segs(final long mbuf) {
        return MEMORY.get(JAVA_SHORT, mbuf + nb_segs$OFFSET) & 0xFFFF;
    }

    public static long ol_flags(final long mbuf) {
        return MEMORY.get(JAVA_LONG, mbuf + ol_flags$OFFSET);
    }

    public static void ol_flags(final long mbuf, final long value) {
        MEMORY.set(JAVA_LONG, mbuf + ol_flags$OFFSET, value);
    }

    public static int pkt_len(final long mbuf) {
        return MEMORY.get(JAVA_INT, mbuf + pkt_len$OFFSET);
    }

    public static void pkt_len(final long mbuf, final int value) {
        MEMORY.set(JAVA_INT, mbuf + pkt_len$OFFSET, value);
    }

    public static int data_len(final long mbuf) {
        return MEMORY.get(JAVA_SHORT, mbuf + data_len$OFFSET) & 0xFFFF;
    }

    public static void data_len(final long mbuf, final int value) {
        MEMORY.set(JAVA_SHORT, mbuf + data_len$OFFSET, (short) value);
    }

    public static int buf_len(final long mbuf) {
        return MEMORY.get(JAVA_SHORT, mbuf + buf_len$OFFSET) & 0xFFFF;
    }

    public static long tx_offload(final long mbuf) {
        return MEMORY.get(JAVA_LONG, mbuf + tx_offload$OFFSET);
    }

    public static void tx_offload(final long mbuf, final long value) {
        MEMORY.set(JAVA_LONG, mbuf + tx_offload$OFFSET, value);
    }

    /** {@code tx_offload} for an untagged Ethernet + IPv4 (no options) header: l2_len 14, l3_len 20. */
    public static long txOffloadL2L3(final int l2Length, final int l3Length) {
        return (l2Length & 0x7FL) | (l3Length & 0x1FFL) << 7;
    }

    /** Sets both lengths of a one-segment mbuf. */
    public static void length(final long mbuf, final int bytes) {
        data_len(mbuf, bytes);
        pkt_len(mbuf, bytes);
    }

    /** Reads the pointer at {@code index} of a {@code struct rte_mbuf *} array. */
    public static long at(final MemorySegment pointers, final int index) {
        return pointers.getAtIndex(JAVA_LONG, index);
    }

    /** One byte at an absolute address (tests and dumps). */
    public static byte byteAt(final long address) {
        return MEMORY.get(JAVA_BYTE, address);
    }

    /**
     * Compares every offset and flag above with what the shim was compiled with; throws {@link IllegalStateException}
     * naming the first difference. Cheap; called once before the first port starts.
     */
    public static void checkLayout() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment offsets = arena.allocate(JAVA_INT, 16);
            final int n = deltad_dpdk_h.deltad_mbuf_layout(offsets, 16);
            final long[] expected = {buf_addr$OFFSET, data_off$OFFSET, nb_segs$OFFSET, port$OFFSET, ol_flags$OFFSET,
                pkt_len$OFFSET, data_len$OFFSET, buf_len$OFFSET, tx_offload$OFFSET, SIZEOF, HEADROOM};
            final String[] names = {"buf_addr", "data_off", "nb_segs", "port", "ol_flags", "pkt_len", "data_len",
                "buf_len", "tx_offload", "sizeof", "RTE_PKTMBUF_HEADROOM"};
            if (n != expected.length) {
                throw new IllegalStateException("deltad_mbuf_layout reported " + n + " values, expected " + expected.length);
            }
            for (int i = 0; i < n; i++) {
                final long actual = Integer.toUnsignedLong(offsets.getAtIndex(JAVA_INT, i));
                if (actual != expected[i]) {
                    throw new IllegalStateException("rte_mbuf layout differs from DPDK 22.11: " + names[i] + " is "
                        + actual + " in the shim's headers, the bindings use " + expected[i]);
                }
            }
            final MemorySegment flags = arena.allocate(JAVA_LONG, 16);
            final int f = deltad_dpdk_h.deltad_flag_values(flags, 16);
            final long[] expectedFlags = {F_TX_IPV4, F_TX_IP_CKSUM, F_TX_UDP_CKSUM, TX_OFFLOAD_IPV4_CKSUM,
                TX_OFFLOAD_UDP_CKSUM, TX_OFFLOAD_MBUF_FAST_FREE, RX_OFFLOAD_IPV4_CKSUM, RX_OFFLOAD_UDP_CKSUM,
                F_RX_IP_CKSUM_MASK, F_RX_IP_CKSUM_GOOD, F_RX_IP_CKSUM_BAD, F_RX_L4_CKSUM_MASK, F_RX_L4_CKSUM_GOOD,
                F_RX_L4_CKSUM_BAD};
            final String[] flagNames = {"RTE_MBUF_F_TX_IPV4", "RTE_MBUF_F_TX_IP_CKSUM", "RTE_MBUF_F_TX_UDP_CKSUM",
                "RTE_ETH_TX_OFFLOAD_IPV4_CKSUM", "RTE_ETH_TX_OFFLOAD_UDP_CKSUM", "RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE",
                "RTE_ETH_RX_OFFLOAD_IPV4_CKSUM", "RTE_ETH_RX_OFFLOAD_UDP_CKSUM", "RTE_MBUF_F_RX_IP_CKSUM_MASK",
                "RTE_MBUF_F_RX_IP_CKSUM_GOOD", "RTE_MBUF_F_RX_IP_CKSUM_BAD", "RTE_MBUF_F_RX_L4_CKSUM_MASK",
                "RTE_MBUF_F_RX_L4_CKSUM_GOOD", "RTE_MBUF_F_RX_L4_CKSUM_BAD"};
            if (f != expectedFlags.length) {
                throw new IllegalStateException("deltad_flag_values reported " + f + " values, expected " + expectedFlags.length);
            }
            for (int i = 0; i < f; i++) {
                if (flags.getAtIndex(JAVA_LONG, i) != expectedFlags[i]) {
                    throw new IllegalStateException("DPDK flag " + flagNames[i] + " is 0x"
                        + Long.toHexString(flags.getAtIndex(JAVA_LONG, i)) + " in the shim's headers, the bindings use 0x"
                        + Long.toHexString(expectedFlags[i]));
                }
            }
        }
    }
}
