package io.deltad.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ACK frame (S->C): the DELTA with {@code clientSeq} was accepted as document seq {@code seq}.
 *
 * <pre>
 *   FrameHeader (type ACK, docId, seq = document seq, payloadLength 8)
 *   0                               8
 *   +-------------------------------+
 *   |        clientSeq (u64)        |
 *   +-------------------------------+
 * </pre>
 */
public final class AckFrame {
    public static final int CLIENT_SEQ_OFFSET = 0;
    public static final int PAYLOAD_LENGTH = 8;
    public static final int LENGTH = FrameHeader.LENGTH + PAYLOAD_LENGTH;

    private final FrameHeader header = new FrameHeader();

    public AckFrame wrap(final MemorySegment segment, final long offset) {
        header.wrap(segment, offset);
        return this;
    }

    public FrameHeader header() { return header; }

    /** Writes the whole frame; returns its length. */
    public int encode(final long docId, final long seq, final long clientSeq) {
        header.write(FrameType.ACK, 0, docId, seq, PAYLOAD_LENGTH);
        header.segment().set(FrameHeader.U64, header.payloadOffset() + CLIENT_SEQ_OFFSET, clientSeq);
        return LENGTH;
    }

    public long clientSeq() {
        return header.segment().get(FrameHeader.U64, header.payloadOffset() + CLIENT_SEQ_OFFSET);
    }
}
