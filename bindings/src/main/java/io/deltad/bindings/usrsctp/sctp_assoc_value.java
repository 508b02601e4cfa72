package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_assoc_value: SCTP_ENABLE_STREAM_RESET and other per-association integer options.
 */
public final class sctp_assoc_value {
    private sctp_assoc_value() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("assoc_id"),
        JAVA_INT.withName("assoc_value")).withName("sctp_assoc_value");

    /** sizeof(struct sctp_assoc_value) = 8. */
    public static final long SIZEOF = 8;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static final long assoc_id$OFFSET = 0;

    public static int assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, assoc_id$OFFSET);
    }

    public static void assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, assoc_id$OFFSET, fieldValue);
    }

    public static final long assoc_value$OFFSET = 4;

    public static int assoc_value(final MemorySegment struct) {
        return struct.get(JAVA_INT, assoc_value$OFFSET);
    }

    public static void assoc_value(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, assoc_value$OFFSET, fieldValue);
    }
}
