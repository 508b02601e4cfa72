package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_sendv_spa (RFC 6458 §9.12): the {@code info} of usrsctp_sendv with SCTP_SENDV_SPA.
 *
 * <p>The nested structs are at {@code sendv_sndinfo$OFFSET} ({@link sctp_sndinfo}) and {@code sendv_prinfo$OFFSET}
 * ({@link sctp_prinfo}); slice once with {@link #sndinfo(MemorySegment)} / {@link #prinfo(MemorySegment)} and keep the
 * slices (a slice per send would allocate).
 */
public final class sctp_sendv_spa {
    private sctp_sendv_spa() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("sendv_flags"),
        MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sendv_sndinfo"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sendv_prinfo"),
        MemoryLayout.sequenceLayout(2, JAVA_BYTE).withName("sendv_authinfo"),
        MemoryLayout.paddingLayout(2)).withName("sctp_sendv_spa");

    /** sizeof(struct sctp_sendv_spa) = 32. */
    public static final long SIZEOF = 32;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | ... */
    public static final long sendv_flags$OFFSET = 0;

    public static int sendv_flags(final MemorySegment struct) {
        return struct.get(JAVA_INT, sendv_flags$OFFSET);
    }

    public static void sendv_flags(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sendv_flags$OFFSET, fieldValue);
    }

    public static final long sendv_sndinfo$OFFSET = 4;

    public static final long sendv_prinfo$OFFSET = 20;

    public static final long sendv_authinfo$OFFSET = 28;

    /** The nested sctp_sndinfo as a slice; take it once and keep it. */
    public static MemorySegment sndinfo(final MemorySegment struct) {
        return struct.asSlice(sendv_sndinfo$OFFSET, sctp_sndinfo.SIZEOF);
    }

    /** The nested sctp_prinfo as a slice; take it once and keep it. */
    public static MemorySegment prinfo(final MemorySegment struct) {
        return struct.asSlice(sendv_prinfo$OFFSET, sctp_prinfo.SIZEOF);
    }
}
