package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_assoc_change (RFC 6458 §6.1.1): SCTP_ASSOC_CHANGE notification. {@code sac_info[]} (supported features) follows.
 */
public final class sctp_assoc_change {
    private sctp_assoc_change() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sac_type"),
        JAVA_SHORT.withName("sac_flags"),
        JAVA_INT.withName("sac_length"),
        JAVA_SHORT.withName("sac_state"),
        JAVA_SHORT.withName("sac_error"),
        JAVA_SHORT.withName("sac_outbound_streams"),
        JAVA_SHORT.withName("sac_inbound_streams"),
        JAVA_INT.withName("sac_assoc_id")).withName("sctp_assoc_change");

    /** sizeof(struct sctp_assoc_change) = 20. */
    public static final long SIZEOF = 20;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static final long sac_type$OFFSET = 0;

    public static short sac_type(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sac_type$OFFSET);
    }

    public static void sac_type(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sac_type$OFFSET, fieldValue);
    }

    public static final long sac_flags$OFFSET = 2;

    public static short sac_flags(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sac_flags$OFFSET);
    }

    public static void sac_flags(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sac_flags$OFFSET, fieldValue);
    }

    public static final long sac_length$OFFSET = 4;

    public static int sac_length(final MemorySegment struct) {
        return struct.get(JAVA_INT, sac_length$OFFSET);
    }

    public static void sac_length(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sac_length$OFFSET, fieldValue);
    }

    /** SCTP_COMM_UP, SCTP_COMM_LOST, ... */
    public static final long sac_state$OFFSET = 8;

    public static short sac_state(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sac_state$OFFSET);
    }

    public static void sac_state(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sac_state$OFFSET, fieldValue);
    }

    /** The error cause code (e.g. of a received ABORT) for COMM_LOST / CANT_STR_ASSOC. */
    public static final long sac_error$OFFSET = 10;

    public static short sac_error(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sac_error$OFFSET);
    }

    public static void sac_error(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sac_error$OFFSET, fieldValue);
    }

    /** Negotiated outbound streams. */
    public static final long sac_outbound_streams$OFFSET = 12;

    public static short sac_outbound_streams(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sac_outbound_streams$OFFSET);
    }

    public static void sac_outbound_streams(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sac_outbound_streams$OFFSET, fieldValue);
    }

    /** Negotiated inbound streams. */
    public static final long sac_inbound_streams$OFFSET = 14;

    public static short sac_inbound_streams(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sac_inbound_streams$OFFSET);
    }

    public static void sac_inbound_streams(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sac_inbound_streams$OFFSET, fieldValue);
    }

    public static final long sac_assoc_id$OFFSET = 16;

    public static int sac_assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, sac_assoc_id$OFFSET);
    }

    public static void sac_assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sac_assoc_id$OFFSET, fieldValue);
    }
}
