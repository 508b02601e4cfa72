package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_stream_reset_event (RFC 6525 §6.1.1): SCTP_STREAM_RESET_EVENT notification.
 */
public final class sctp_stream_reset_event {
    private sctp_stream_reset_event() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("strreset_type"),
        JAVA_SHORT.withName("strreset_flags"),
        JAVA_INT.withName("strreset_length"),
        JAVA_INT.withName("strreset_assoc_id")).withName("sctp_stream_reset_event");

    /** sizeof(struct sctp_stream_reset_event) = 12 (without the flexible array). */
    public static final long SIZEOF = 12;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static final long strreset_type$OFFSET = 0;

    public static short strreset_type(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, strreset_type$OFFSET);
    }

    public static void strreset_type(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, strreset_type$OFFSET, fieldValue);
    }

    /** SCTP_STREAM_RESET_INCOMING_SSN / _OUTGOING_SSN, maybe _DENIED / _FAILED. */
    public static final long strreset_flags$OFFSET = 2;

    public static short strreset_flags(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, strreset_flags$OFFSET);
    }

    public static void strreset_flags(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, strreset_flags$OFFSET, fieldValue);
    }

    /** Whole notification; the list holds (length - 12) / 2 stream ids. */
    public static final long strreset_length$OFFSET = 4;

    public static int strreset_length(final MemorySegment struct) {
        return struct.get(JAVA_INT, strreset_length$OFFSET);
    }

    public static void strreset_length(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, strreset_length$OFFSET, fieldValue);
    }

    public static final long strreset_assoc_id$OFFSET = 8;

    public static int strreset_assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, strreset_assoc_id$OFFSET);
    }

    public static void strreset_assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, strreset_assoc_id$OFFSET, fieldValue);
    }

    /** Start of the flexible array strreset_stream_list[]. */
    public static final long strreset_stream_list$OFFSET = 12;

    public static short strreset_stream_list(final MemorySegment struct, final int index) {
        return struct.get(JAVA_SHORT, strreset_stream_list$OFFSET + (long) index * 2);
    }

    public static void strreset_stream_list(final MemorySegment struct, final int index, final short fieldValue) {
        struct.set(JAVA_SHORT, strreset_stream_list$OFFSET + (long) index * 2, fieldValue);
    }
}
