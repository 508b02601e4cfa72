package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_initmsg (RFC 6458 §8.1.3): SCTP_INITMSG, the stream counts of the INIT.
 */
public final class sctp_initmsg {
    private sctp_initmsg() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sinit_num_ostreams"),
        JAVA_SHORT.withName("sinit_max_instreams"),
        JAVA_SHORT.withName("sinit_max_attempts"),
        JAVA_SHORT.withName("sinit_max_init_timeo")).withName("sctp_initmsg");

    /** sizeof(struct sctp_initmsg) = 8. */
    public static final long SIZEOF = 8;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** Outbound streams requested. */
    public static final long sinit_num_ostreams$OFFSET = 0;

    public static short sinit_num_ostreams(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sinit_num_ostreams$OFFSET);
    }

    public static void sinit_num_ostreams(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sinit_num_ostreams$OFFSET, fieldValue);
    }

    /** Inbound streams accepted. */
    public static final long sinit_max_instreams$OFFSET = 2;

    public static short sinit_max_instreams(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sinit_max_instreams$OFFSET);
    }

    public static void sinit_max_instreams(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sinit_max_instreams$OFFSET, fieldValue);
    }

    public static final long sinit_max_attempts$OFFSET = 4;

    public static short sinit_max_attempts(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sinit_max_attempts$OFFSET);
    }

    public static void sinit_max_attempts(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sinit_max_attempts$OFFSET, fieldValue);
    }

    public static final long sinit_max_init_timeo$OFFSET = 6;

    public static short sinit_max_init_timeo(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sinit_max_init_timeo$OFFSET);
    }

    public static void sinit_max_init_timeo(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sinit_max_init_timeo$OFFSET, fieldValue);
    }
}
