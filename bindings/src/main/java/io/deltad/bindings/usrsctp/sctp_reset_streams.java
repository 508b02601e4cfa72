package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_reset_streams (RFC 6525 §6.3.2): SCTP_RESET_STREAMS; {@code SIZEOF + 2 * srs_number_streams} bytes.
 */
public final class sctp_reset_streams {
    private sctp_reset_streams() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("srs_assoc_id"),
        JAVA_SHORT.withName("srs_flags"),
        JAVA_SHORT.withName("srs_number_streams")).withName("sctp_reset_streams");

    /** sizeof(struct sctp_reset_streams) = 8 (without the flexible array). */
    public static final long SIZEOF = 8;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static final long srs_assoc_id$OFFSET = 0;

    public static int srs_assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, srs_assoc_id$OFFSET);
    }

    public static void srs_assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, srs_assoc_id$OFFSET, fieldValue);
    }

    /** SCTP_STREAM_RESET_INCOMING and/or _OUTGOING. */
    public static final long srs_flags$OFFSET = 4;

    public static short srs_flags(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, srs_flags$OFFSET);
    }

    public static void srs_flags(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, srs_flags$OFFSET, fieldValue);
    }

    /** Entries in srs_stream_list; 0 means all streams. */
    public static final long srs_number_streams$OFFSET = 6;

    public static short srs_number_streams(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, srs_number_streams$OFFSET);
    }

    public static void srs_number_streams(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, srs_number_streams$OFFSET, fieldValue);
    }

    /** Start of the flexible array srs_stream_list[]. */
    public static final long srs_stream_list$OFFSET = 8;

    public static short srs_stream_list(final MemorySegment struct, final int index) {
        return struct.get(JAVA_SHORT, srs_stream_list$OFFSET + (long) index * 2);
    }

    public static void srs_stream_list(final MemorySegment struct, final int index, final short fieldValue) {
        struct.set(JAVA_SHORT, srs_stream_list$OFFSET + (long) index * 2, fieldValue);
    }
}
