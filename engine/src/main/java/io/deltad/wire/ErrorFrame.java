package io.deltad.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over an ERROR frame (S->C): a session-level problem not tied to one frame (docId 0, seq 0). The text is
 * for people, not for parsing; the server may close the session after it.
 *
 * <pre>
 *   FrameHeader (type ERROR, docId 0, seq 0, payloadLength 2 + text bytes)
 *   0               2
 *   +---------------+------------------------------------------+
 *   |  code (u16)   |  UTF-8 text to the end of the payload    |
 *   +---------------+------------------------------------------+
 * </pre>
 */
public final class ErrorFrame {
    public static final int CODE_OFFSET = 0;
    public static final int TEXT_OFFSET = 2;

    private final FrameHeader header = new FrameHeader();

    public ErrorFrame wrap(final MemorySegment segment, final long offset) {
        header.wrap(segment, offset);
        return this;
    }

    public FrameHeader header() { return header; }

    /** Writes the whole frame (text cut to fit {@code capacity} bytes of frame); returns its length. Not for hot paths. */
    public int encode(final int code, final String text, final int capacity) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final int textLength = Math.max(0, Math.min(bytes.length, capacity - FrameHeader.LENGTH - TEXT_OFFSET));
        header.write(FrameType.ERROR, 0, 0, 0, TEXT_OFFSET + textLength);
        final long payload = header.payloadOffset();
        header.segment().set(FrameHeader.U16, payload + CODE_OFFSET, (short) code);
        MemorySegment.copy(bytes, 0, header.segment(), ValueLayout.JAVA_BYTE, payload + TEXT_OFFSET, textLength);
        return FrameHeader.LENGTH + TEXT_OFFSET + textLength;
    }

    public int code() {
        return header.segment().get(FrameHeader.U16, header.payloadOffset() + CODE_OFFSET) & 0xFFFF;
    }

    public String text() {
        final int length = (int) header.payloadLength() - TEXT_OFFSET;
        final byte[] bytes = new byte[Math.max(0, length)];
        MemorySegment.copy(header.segment(), ValueLayout.JAVA_BYTE, header.payloadOffset() + TEXT_OFFSET, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
