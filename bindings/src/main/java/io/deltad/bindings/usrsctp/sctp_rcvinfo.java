package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_rcvinfo (RFC 6458 §5.3.5): what usrsctp_recvv reports with SCTP_RECVV_RCVINFO (enable SCTP_RECVRCVINFO).
 */
public final class sctp_rcvinfo {
    private sctp_rcvinfo() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("rcv_sid"),
        JAVA_SHORT.withName("rcv_ssn"),
        JAVA_SHORT.withName("rcv_flags"),
        MemoryLayout.paddingLayout(2),
        JAVA_INT.withName("rcv_ppid"),
        JAVA_INT.withName("rcv_tsn"),
        JAVA_INT.withName("rcv_cumtsn"),
        JAVA_INT.withName("rcv_context"),
        JAVA_INT.withName("rcv_assoc_id")).withName("sctp_rcvinfo");

    /** sizeof(struct sctp_rcvinfo) = 28. */
    public static final long SIZEOF = 28;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** Stream id. */
    public static final long rcv_sid$OFFSET = 0;

    public static short rcv_sid(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, rcv_sid$OFFSET);
    }

    public static void rcv_sid(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, rcv_sid$OFFSET, fieldValue);
    }

    public static final long rcv_ssn$OFFSET = 2;

    public static short rcv_ssn(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, rcv_ssn$OFFSET);
    }

    public static void rcv_ssn(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, rcv_ssn$OFFSET, fieldValue);
    }

    /** SCTP_UNORDERED if the message was sent unordered. */
    public static final long rcv_flags$OFFSET = 4;

    public static short rcv_flags(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, rcv_flags$OFFSET);
    }

    public static void rcv_flags(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, rcv_flags$OFFSET, fieldValue);
    }

    /** Payload protocol id, <em>network byte order</em>. */
    public static final long rcv_ppid$OFFSET = 8;

    public static int rcv_ppid(final MemorySegment struct) {
        return struct.get(JAVA_INT, rcv_ppid$OFFSET);
    }

    public static void rcv_ppid(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, rcv_ppid$OFFSET, fieldValue);
    }

    public static final long rcv_tsn$OFFSET = 12;

    public static int rcv_tsn(final MemorySegment struct) {
        return struct.get(JAVA_INT, rcv_tsn$OFFSET);
    }

    public static void rcv_tsn(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, rcv_tsn$OFFSET, fieldValue);
    }

    public static final long rcv_cumtsn$OFFSET = 16;

    public static int rcv_cumtsn(final MemorySegment struct) {
        return struct.get(JAVA_INT, rcv_cumtsn$OFFSET);
    }

    public static void rcv_cumtsn(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, rcv_cumtsn$OFFSET, fieldValue);
    }

    public static final long rcv_context$OFFSET = 20;

    public static int rcv_context(final MemorySegment struct) {
        return struct.get(JAVA_INT, rcv_context$OFFSET);
    }

    public static void rcv_context(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, rcv_context$OFFSET, fieldValue);
    }

    public static final long rcv_assoc_id$OFFSET = 24;

    public static int rcv_assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, rcv_assoc_id$OFFSET);
    }

    public static void rcv_assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, rcv_assoc_id$OFFSET, fieldValue);
    }
}
