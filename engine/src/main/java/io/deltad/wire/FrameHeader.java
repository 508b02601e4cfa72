package io.deltad.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over the common header every deltad frame starts with. All fields little-endian.
 *
 * <pre>
 *   0       1       2       3       4                               8
 *   +-------+-------+-------+-------+-------------------------------+
 *   |version| type  |hdrLen | flags |   payloadLength (u32)         |
 *   +-------+-------+-------+-------+-------------------------------+
 *   |                         docId (u64)                           |  8
 *   +---------------------------------------------------------------+
 *   |            seq (u64): clientSeq client->server,               | 16
 *   |                       document seq server->client             |
 *   +---------------------------------------------------------------+
 *   |   header extension (hdrLen - 24 bytes, skipped if unknown)    | 24
 *   +---------------------------------------------------------------+
 *   |   payload (payloadLength bytes)                               | hdrLen
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code version}: major in the high nibble, minor in the low nibble; this is 1.0 ({@code 0x10}).
 *       A frame with another major version is refused; a newer minor may carry a longer header, which
 *       readers skip by {@code hdrLen}.</li>
 *   <li>{@code hdrLen}: header length in bytes, at least {@link #LENGTH}.</li>
 *   <li>{@code payloadLength}: bytes of payload after the header; the frame is {@code hdrLen + payloadLength}
 *       bytes long. Several frames may sit back to back in one DataChannel message.</li>
 * </ul>
 *
 * <p>Not thread safe: one flyweight per thread. {@code wrap} returns {@code this} so calls chain.
 */
public final class FrameHeader {
    public static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int HEADER_LENGTH_OFFSET = 2;
    public static final int FLAGS_OFFSET = 3;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int DOC_ID_OFFSET = 8;
    public static final int SEQ_OFFSET = 16;
    /** Length of the version 1.0 header in bytes. */
    public static final int LENGTH = 24;

    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    public static final byte VERSION = (byte) ((VERSION_MAJOR << 4) | VERSION_MINOR);
    /** Largest payload a frame may declare (BAD_INPUTS 23); the per-schema caps are far lower. */
    public static final long MAX_PAYLOAD_LENGTH = (1L << 31) - 1;

    private MemorySegment segment;
    private long offset;

    public FrameHeader wrap(final MemorySegment segment, final long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    public MemorySegment segment() { return segment; }
    public long offset() { return offset; }

    public int version() { return segment.get(U8, offset + VERSION_OFFSET) & 0xFF; }
    public int versionMajor() { return version() >>> 4; }
    public int type() { return segment.get(U8, offset + TYPE_OFFSET) & 0xFF; }
    public int headerLength() { return segment.get(U8, offset + HEADER_LENGTH_OFFSET) & 0xFF; }
    public int flags() { return segment.get(U8, offset + FLAGS_OFFSET) & 0xFF; }
    public long payloadLength() { return segment.get(U32, offset + PAYLOAD_LENGTH_OFFSET) & 0xFFFF_FFFFL; }
    public long docId() { return segment.get(U64, offset + DOC_ID_OFFSET); }
    public long seq() { return segment.get(U64, offset + SEQ_OFFSET); }
    public long payloadOffset() { return offset + headerLength(); }
    public long frameLength() { return headerLength() + payloadLength(); }

    public FrameHeader seq(final long seq) { segment.set(U64, offset + SEQ_OFFSET, seq); return this; }

    /** Writes a version 1.0 header. */
    public FrameHeader write(final int type, final int flags, final long docId, final long seq, final int payloadLength) {
        segment.set(U8, offset + VERSION_OFFSET, VERSION);
        segment.set(U8, offset + TYPE_OFFSET, (byte) type);
        segment.set(U8, offset + HEADER_LENGTH_OFFSET, (byte) LENGTH);
        segment.set(U8, offset + FLAGS_OFFSET, (byte) flags);
        segment.set(U32, offset + PAYLOAD_LENGTH_OFFSET, payloadLength);
        segment.set(U64, offset + DOC_ID_OFFSET, docId);
        segment.set(U64, offset + SEQ_OFFSET, seq);
        return this;
    }

    /**
     * Structural check of the frame at the wrapped offset against {@code available} bytes of message.
     * Reads only inside those bytes. Returns {@link NackCode#NONE} or the code to refuse it with.
     */
    public int check(final long available) {
        if (available < LENGTH) {
            return NackCode.MALFORMED;
        }
        if (versionMajor() != VERSION_MAJOR) {
            return NackCode.UNSUPPORTED_VERSION;
        }
        final int headerLength = headerLength();
        if (headerLength < LENGTH || headerLength > available) {
            return NackCode.MALFORMED;
        }
        final long payloadLength = payloadLength();
        if (payloadLength > MAX_PAYLOAD_LENGTH || payloadLength > available - headerLength) {
            return NackCode.MALFORMED;
        }
        return FrameType.isKnown(type()) ? NackCode.NONE : NackCode.UNKNOWN_FRAME_TYPE;
    }
}
