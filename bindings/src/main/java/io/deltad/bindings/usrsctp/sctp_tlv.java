package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_tlv ({@code union sctp_notification.sn_header}): the header every notification starts with.
 */
public final class sctp_tlv {
    private sctp_tlv() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sn_type"),
        JAVA_SHORT.withName("sn_flags"),
        JAVA_INT.withName("sn_length")).withName("sctp_tlv");

    /** sizeof(struct sctp_tlv) = 8. */
    public static final long SIZEOF = 8;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** Notification type, e.g. SCTP_ASSOC_CHANGE. */
    public static final long sn_type$OFFSET = 0;

    public static short sn_type(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sn_type$OFFSET);
    }

    public static void sn_type(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sn_type$OFFSET, fieldValue);
    }

    public static final long sn_flags$OFFSET = 2;

    public static short sn_flags(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sn_flags$OFFSET);
    }

    public static void sn_flags(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sn_flags$OFFSET, fieldValue);
    }

    /** Length of the whole notification in bytes. */
    public static final long sn_length$OFFSET = 4;

    public static int sn_length(final MemorySegment struct) {
        return struct.get(JAVA_INT, sn_length$OFFSET);
    }

    public static void sn_length(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sn_length$OFFSET, fieldValue);
    }
}
