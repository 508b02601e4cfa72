package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_paddrparams (RFC 6458 §8.1.12): SCTP_PEER_ADDR_PARAMS, heartbeats and the fixed path MTU.
 *
 * <p>{@code spp_address} is a {@code struct sockaddr_storage} (128 bytes); all zero means "every peer address".
 */
public final class sctp_paddrparams {
    private sctp_paddrparams() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(128, JAVA_BYTE).withName("spp_address"),
        JAVA_INT.withName("spp_assoc_id"),
        JAVA_INT.withName("spp_hbinterval"),
        JAVA_INT.withName("spp_pathmtu"),
        JAVA_INT.withName("spp_flags"),
        JAVA_INT.withName("spp_ipv6_flowlabel"),
        JAVA_SHORT.withName("spp_pathmaxrxt"),
        JAVA_BYTE.withName("spp_dscp"),
        MemoryLayout.paddingLayout(1)).withByteAlignment(8).withName("sctp_paddrparams");

    /** sizeof(struct sctp_paddrparams) = 152. */
    public static final long SIZEOF = 152;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static final long spp_address$OFFSET = 0;

    public static final long spp_assoc_id$OFFSET = 128;

    public static int spp_assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, spp_assoc_id$OFFSET);
    }

    public static void spp_assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, spp_assoc_id$OFFSET, fieldValue);
    }

    /** Heartbeat interval, ms. */
    public static final long spp_hbinterval$OFFSET = 132;

    public static int spp_hbinterval(final MemorySegment struct) {
        return struct.get(JAVA_INT, spp_hbinterval$OFFSET);
    }

    public static void spp_hbinterval(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, spp_hbinterval$OFFSET, fieldValue);
    }

    /** Path MTU in bytes: room for chunks, <em>without</em> the 12-byte common header (measured: 1200 gives 1212-byte packets). */
    public static final long spp_pathmtu$OFFSET = 136;

    public static int spp_pathmtu(final MemorySegment struct) {
        return struct.get(JAVA_INT, spp_pathmtu$OFFSET);
    }

    public static void spp_pathmtu(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, spp_pathmtu$OFFSET, fieldValue);
    }

    /** SPP_HB_ENABLE, SPP_PMTUD_DISABLE, ... */
    public static final long spp_flags$OFFSET = 140;

    public static int spp_flags(final MemorySegment struct) {
        return struct.get(JAVA_INT, spp_flags$OFFSET);
    }

    public static void spp_flags(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, spp_flags$OFFSET, fieldValue);
    }

    public static final long spp_ipv6_flowlabel$OFFSET = 144;

    public static int spp_ipv6_flowlabel(final MemorySegment struct) {
        return struct.get(JAVA_INT, spp_ipv6_flowlabel$OFFSET);
    }

    public static void spp_ipv6_flowlabel(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, spp_ipv6_flowlabel$OFFSET, fieldValue);
    }

    public static final long spp_pathmaxrxt$OFFSET = 148;

    public static short spp_pathmaxrxt(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, spp_pathmaxrxt$OFFSET);
    }

    public static void spp_pathmaxrxt(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, spp_pathmaxrxt$OFFSET, fieldValue);
    }

    public static final long spp_dscp$OFFSET = 150;

    public static byte spp_dscp(final MemorySegment struct) {
        return struct.get(JAVA_BYTE, spp_dscp$OFFSET);
    }

    public static void spp_dscp(final MemorySegment struct, final byte fieldValue) {
        struct.set(JAVA_BYTE, spp_dscp$OFFSET, fieldValue);
    }
}
