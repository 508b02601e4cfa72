package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctpstat (usrsctp.h): process-wide counters from usrsctp_get_stat. Only the fields deltad reads are named; the
 * rest is padding with the same total size (664 bytes on LP64).
 */
public final class sctpstat {
    private sctpstat() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.paddingLayout(28),
        JAVA_INT.withName("sctps_aborted"),
        MemoryLayout.paddingLayout(4),
        JAVA_INT.withName("sctps_outoftheblue"),
        JAVA_INT.withName("sctps_checksumerrors"),
        MemoryLayout.paddingLayout(40),
        JAVA_INT.withName("sctps_recvpackets"),
        MemoryLayout.paddingLayout(12),
        JAVA_INT.withName("sctps_recvdata"),
        MemoryLayout.paddingLayout(56),
        JAVA_INT.withName("sctps_sendpackets"),
        MemoryLayout.paddingLayout(8),
        JAVA_INT.withName("sctps_sendretransdata"),
        MemoryLayout.paddingLayout(96),
        JAVA_INT.withName("sctps_timodata"),
        MemoryLayout.paddingLayout(112),
        JAVA_INT.withName("sctps_hdrops"),
        JAVA_INT.withName("sctps_badsum"),
        MemoryLayout.paddingLayout(4),
        JAVA_INT.withName("sctps_badvtag"),
        JAVA_INT.withName("sctps_badsid"),
        MemoryLayout.paddingLayout(256)).withName("sctpstat");

    /** sizeof(struct sctpstat) = 664. */
    public static final long SIZEOF = 664;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** Associations aborted (ABORT sent or received). */
    public static final long sctps_aborted$OFFSET = 28;

    public static int sctps_aborted(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_aborted$OFFSET);
    }

    public static void sctps_aborted(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_aborted$OFFSET, fieldValue);
    }

    /** Out-of-the-blue packets. */
    public static final long sctps_outoftheblue$OFFSET = 36;

    public static int sctps_outoftheblue(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_outoftheblue$OFFSET);
    }

    public static void sctps_outoftheblue(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_outoftheblue$OFFSET, fieldValue);
    }

    /** Packets with a bad CRC32c. */
    public static final long sctps_checksumerrors$OFFSET = 40;

    public static int sctps_checksumerrors(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_checksumerrors$OFFSET);
    }

    public static void sctps_checksumerrors(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_checksumerrors$OFFSET, fieldValue);
    }

    public static final long sctps_recvpackets$OFFSET = 84;

    public static int sctps_recvpackets(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_recvpackets$OFFSET);
    }

    public static void sctps_recvpackets(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_recvpackets$OFFSET, fieldValue);
    }

    public static final long sctps_recvdata$OFFSET = 100;

    public static int sctps_recvdata(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_recvdata$OFFSET);
    }

    public static void sctps_recvdata(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_recvdata$OFFSET, fieldValue);
    }

    public static final long sctps_sendpackets$OFFSET = 160;

    public static int sctps_sendpackets(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_sendpackets$OFFSET);
    }

    public static void sctps_sendpackets(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_sendpackets$OFFSET, fieldValue);
    }

    public static final long sctps_sendretransdata$OFFSET = 172;

    public static int sctps_sendretransdata(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_sendretransdata$OFFSET);
    }

    public static void sctps_sendretransdata(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_sendretransdata$OFFSET, fieldValue);
    }

    /** T3-rtx timeouts. */
    public static final long sctps_timodata$OFFSET = 272;

    public static int sctps_timodata(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_timodata$OFFSET);
    }

    public static void sctps_timodata(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_timodata$OFFSET, fieldValue);
    }

    /** Packets shorter than the header. */
    public static final long sctps_hdrops$OFFSET = 388;

    public static int sctps_hdrops(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_hdrops$OFFSET);
    }

    public static void sctps_hdrops(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_hdrops$OFFSET, fieldValue);
    }

    /** Checksum errors. */
    public static final long sctps_badsum$OFFSET = 392;

    public static int sctps_badsum(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_badsum$OFFSET);
    }

    public static void sctps_badsum(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_badsum$OFFSET, fieldValue);
    }

    /** Wrong verification tag. */
    public static final long sctps_badvtag$OFFSET = 400;

    public static int sctps_badvtag(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_badvtag$OFFSET);
    }

    public static void sctps_badvtag(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_badvtag$OFFSET, fieldValue);
    }

    /** DATA for a stream beyond the negotiated count. */
    public static final long sctps_badsid$OFFSET = 404;

    public static int sctps_badsid(final MemorySegment struct) {
        return struct.get(JAVA_INT, sctps_badsid$OFFSET);
    }

    public static void sctps_badsid(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, sctps_badsid$OFFSET, fieldValue);
    }
}
