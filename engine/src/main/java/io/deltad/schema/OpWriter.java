package io.deltad.schema;

import io.deltad.wire.FrameHeader;
import io.deltad.wire.OpKind;

import java.lang.foreign.MemorySegment;

/**
 * Encodes ops (the {@link OpKind} encoding) into a segment: for clients written in Java, tests and benchmarks.
 * It does not consult a schema, so it can also write deltas a validator must refuse.
 *
 * <pre>
 *   OpWriter writer = new OpWriter().wrap(segment, payloadOffset);
 *   writer.setString(TITLE, "plan").increment(VOTES, 1).delete(COLOR);
 *   int payloadLength = writer.length();
 * </pre>
 *
 * Bounds are the segment's: writing past its end throws {@link IndexOutOfBoundsException}. Allocates nothing,
 * {@link #setString} included. Not thread safe.
 */
public final class OpWriter {
    private static final int MAX_VALUE_LENGTH = 0xFFFF;

    private MemorySegment segment;
    private long start;
    private long position;

    /** Starts writing at {@code offset}; {@link #length()} counts from there. */
    public OpWriter wrap(final MemorySegment segment, final long offset) {
        this.segment = segment;
        this.start = offset;
        this.position = offset;
        return this;
    }

    /** SET of an i64 or counter field. */
    public OpWriter setI64(final int field, final long value) {
        header(OpKind.SET, field);
        segment.set(FrameHeader.U64, position, value);
        position += Long.BYTES;
        return this;
    }

    public OpWriter setF64(final int field, final double value) {
        header(OpKind.SET, field);
        segment.set(FrameHeader.F64, position, value);
        position += Double.BYTES;
        return this;
    }

    public OpWriter setBool(final int field, final boolean value) {
        return setU8(field, value ? 1 : 0);
    }

    public OpWriter setEnum(final int field, final int ordinal) {
        return setU8(field, ordinal);
    }

    /** SET of a string field, encoded as UTF-8 (an unpaired surrogate becomes '?', as the JDK encoder does). */
    public OpWriter setString(final int field, final CharSequence value) {
        final int length = utf8Length(value);
        if (length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("string of " + length + " UTF-8 bytes exceeds " + MAX_VALUE_LENGTH);
        }
        header(OpKind.SET, field);
        segment.set(FrameHeader.U16, position, (short) length);
        position += Short.BYTES;
        encodeUtf8(value);
        return this;
    }

    /** SET of a bytes field; also writes raw (possibly invalid) string bytes, the encoding being the same. */
    public OpWriter setBytes(final int field, final byte[] value) {
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(value.length + " bytes exceeds " + MAX_VALUE_LENGTH);
        }
        header(OpKind.SET, field);
        segment.set(FrameHeader.U16, position, (short) value.length);
        MemorySegment.copy(value, 0, segment, FrameHeader.U8, position + Short.BYTES, value.length);
        position += Short.BYTES + value.length;
        return this;
    }

    /** INCREMENT of an i64 or counter field by {@code amount} (may be negative). */
    public OpWriter increment(final int field, final long amount) {
        header(OpKind.INCREMENT, field);
        segment.set(FrameHeader.U64, position, amount);
        position += Long.BYTES;
        return this;
    }

    public OpWriter delete(final int field) {
        header(OpKind.DELETE, field);
        return this;
    }

    /** Bytes written since {@link #wrap}: the payload length. */
    public int length() {
        return (int) (position - start);
    }

    private OpWriter setU8(final int field, final int value) {
        header(OpKind.SET, field);
        segment.set(FrameHeader.U8, position, (byte) value);
        position++;
        return this;
    }

    private void header(final int opKind, final int field) {
        segment.set(FrameHeader.U8, position, (byte) opKind);
        segment.set(FrameHeader.U8, position + 1, (byte) field);
        position += OpKind.OP_HEADER_LENGTH;
    }

    private static int utf8Length(final CharSequence value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1; // '?'
            } else {
                length += 3;
            }
        }
        return length;
    }

    private void encodeUtf8(final CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                put(0xC0 | (c >>> 6));
                put(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1))) {
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                put(0xF0 | (codePoint >>> 18));
                put(0x80 | ((codePoint >>> 12) & 0x3F));
                put(0x80 | ((codePoint >>> 6) & 0x3F));
                put(0x80 | (codePoint & 0x3F));
            } else if (Character.isSurrogate(c)) {
                put('?');
            } else {
                put(0xE0 | (c >>> 12));
                put(0x80 | ((c >>> 6) & 0x3F));
                put(0x80 | (c & 0x3F));
            }
        }
    }

    private void put(final int b) {
        segment.set(FrameHeader.U8, position++, (byte) b);
    }
}
