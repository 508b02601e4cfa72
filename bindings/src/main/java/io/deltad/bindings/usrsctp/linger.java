package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct linger (sys/socket.h): SO_LINGER.
 */
public final class linger {
    private linger() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("l_onoff"),
        JAVA_INT.withName("l_linger")).withName("linger");

    /** sizeof(struct linger) = 8. */
    public static final long SIZEOF = 8;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static final long l_onoff$OFFSET = 0;

    public static int l_onoff(final MemorySegment struct) {
        return struct.get(JAVA_INT, l_onoff$OFFSET);
    }

    public static void l_onoff(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, l_onoff$OFFSET, fieldValue);
    }

    /** Seconds; 0 with l_onoff 1 makes close() abort the association. */
    public static final long l_linger$OFFSET = 4;

    public static int l_linger(final MemorySegment struct) {
        return struct.get(JAVA_INT, l_linger$OFFSET);
    }

    public static void l_linger(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, l_linger$OFFSET, fieldValue);
    }
}
