package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_prinfo (RFC 6458 §5.3.7): partial reliability of one message.
 */
public final class sctp_prinfo {
    private sctp_prinfo() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("pr_policy"),
        MemoryLayout.paddingLayout(2),
        JAVA_INT.withName("pr_value")).withName("sctp_prinfo");

    /** sizeof(struct sctp_prinfo) = 8. */
    public static final long SIZEOF = 8;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** SCTP_PR_SCTP_NONE, _TTL (ms) or _RTX (retransmissions). */
    public static final long pr_policy$OFFSET = 0;

    public static short pr_policy(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, pr_policy$OFFSET);
    }

    public static void pr_policy(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, pr_policy$OFFSET, fieldValue);
    }

    public static final long pr_value$OFFSET = 4;

    public static int pr_value(final MemorySegment struct) {
        return struct.get(JAVA_INT, pr_value$OFFSET);
    }

    public static void pr_value(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, pr_value$OFFSET, fieldValue);
    }
}
