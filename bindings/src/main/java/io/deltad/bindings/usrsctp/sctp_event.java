package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_event (RFC 6458 §6.2.2): SCTP_EVENT, one notification subscription.
 */
public final class sctp_event {
    private sctp_event() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("se_assoc_id"),
        JAVA_SHORT.withName("se_type"),
        JAVA_BYTE.withName("se_on"),
        MemoryLayout.paddingLayout(1)).withName("sctp_event");

    /** sizeof(struct sctp_event) = 8. */
    public static final long SIZEOF = 8;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static final long se_assoc_id$OFFSET = 0;

    public static int se_assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, se_assoc_id$OFFSET);
    }

    public static void se_assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, se_assoc_id$OFFSET, fieldValue);
    }

    /** Notification type, e.g. SCTP_ASSOC_CHANGE. */
    public static final long se_type$OFFSET = 4;

    public static short se_type(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, se_type$OFFSET);
    }

    public static void se_type(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, se_type$OFFSET, fieldValue);
    }

    /** 1 to subscribe. */
    public static final long se_on$OFFSET = 6;

    public static byte se_on(final MemorySegment struct) {
        return struct.get(JAVA_BYTE, se_on$OFFSET);
    }

    public static void se_on(final MemorySegment struct, final byte fieldValue) {
        struct.set(JAVA_BYTE, se_on$OFFSET, fieldValue);
    }
}
