package io.deltad.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a NACK frame (S->C): a frame was refused and nothing of it applied. The header's {@code flags}
 * carry the refused frame's type, {@code docId} and {@code seq} echo the refused frame's (a DELTA's clientSeq).
 *
 * <pre>
 *   FrameHeader (type NACK, flags = refused type, docId, seq, payloadLength 8)
 *   0               2               4                               8
 *   +---------------+---------------+-------------------------------+
 *   |  code (u16)   |  field (u16)  |        reserved (u32) = 0     |
 *   +---------------+---------------+-------------------------------+
 * </pre>
 */
public final class NackFrame {
    public static final int CODE_OFFSET = 0;
    public static final int FIELD_OFFSET = 2;
    public static final int RESERVED_OFFSET = 4;
    public static final int PAYLOAD_LENGTH = 8;
    public static final int LENGTH = FrameHeader.LENGTH + PAYLOAD_LENGTH;
    /** {@code field} when the refusal is not about one field. */
    public static final int NO_FIELD = 0xFFFF;

    private final FrameHeader header = new FrameHeader();

    public NackFrame wrap(final MemorySegment segment, final long offset) {
        header.wrap(segment, offset);
        return this;
    }

    public FrameHeader header() { return header; }

    /** Writes the whole frame; returns its length. */
    public int encode(final int refusedType, final long docId, final long seq, final int code, final int field) {
        header.write(FrameType.NACK, refusedType, docId, seq, PAYLOAD_LENGTH);
        final MemorySegment segment = header.segment();
        final long payload = header.payloadOffset();
        segment.set(FrameHeader.U16, payload + CODE_OFFSET, (short) code);
        segment.set(FrameHeader.U16, payload + FIELD_OFFSET, (short) field);
        segment.set(FrameHeader.U32, payload + RESERVED_OFFSET, 0);
        return LENGTH;
    }

    public int refusedType() { return header.flags(); }

    public int code() {
        return header.segment().get(FrameHeader.U16, header.payloadOffset() + CODE_OFFSET) & 0xFFFF;
    }

    public int field() {
        return header.segment().get(FrameHeader.U16, header.payloadOffset() + FIELD_OFFSET) & 0xFFFF;
    }
}
