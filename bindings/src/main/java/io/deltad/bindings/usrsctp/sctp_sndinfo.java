package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_sndinfo (RFC 6458 §5.3.4): per-message send parameters.
 */
public final class sctp_sndinfo {
    private sctp_sndinfo() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("snd_sid"),
        JAVA_SHORT.withName("snd_flags"),
        JAVA_INT.withName("snd_ppid"),
        JAVA_INT.withName("snd_context"),
        JAVA_INT.withName("snd_assoc_id")).withName("sctp_sndinfo");

    /** sizeof(struct sctp_sndinfo) = 16. */
    public static final long SIZEOF = 16;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** Stream id. */
    public static final long snd_sid$OFFSET = 0;

    public static short snd_sid(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, snd_sid$OFFSET);
    }

    public static void snd_sid(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, snd_sid$OFFSET, fieldValue);
    }

    /** SCTP_UNORDERED, SCTP_EOR, ... */
    public static final long snd_flags$OFFSET = 2;

    public static short snd_flags(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, snd_flags$OFFSET);
    }

    public static void snd_flags(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, snd_flags$OFFSET, fieldValue);
    }

    /** Payload protocol id, <em>network byte order</em> (usrsctp puts it on the wire as is). */
    public static final long snd_ppid$OFFSET = 4;

    public static int snd_ppid(final MemorySegment struct) {
        return struct.get(JAVA_INT, snd_ppid$OFFSET);
    }

    public static void snd_ppid(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, snd_ppid$OFFSET, fieldValue);
    }

    public static final long snd_context$OFFSET = 8;

    public static int snd_context(final MemorySegment struct) {
        return struct.get(JAVA_INT, snd_context$OFFSET);
    }

    public static void snd_context(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, snd_context$OFFSET, fieldValue);
    }

    public static final long snd_assoc_id$OFFSET = 12;

    public static int snd_assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, snd_assoc_id$OFFSET);
    }

    public static void snd_assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, snd_assoc_id$OFFSET, fieldValue);
    }
}
