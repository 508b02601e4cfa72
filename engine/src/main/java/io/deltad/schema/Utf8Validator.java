package io.deltad.schema;

import io.deltad.wire.FrameHeader;

import java.lang.foreign.MemorySegment;

/**
 * Allocation-free UTF-8 well-formedness check over a {@link MemorySegment}, following Unicode Table 3-7
 * (well-formed byte sequences):
 *
 * <pre>
 *   code points         byte 1   byte 2   byte 3   byte 4
 *   U+0000..U+007F      00..7F
 *   U+0080..U+07FF      C2..DF   80..BF
 *   U+0800..U+0FFF      E0       A0..BF   80..BF             (E0 80..9F would be overlong)
 *   U+1000..U+CFFF      E1..EC   80..BF   80..BF
 *   U+D000..U+D7FF      ED       80..9F   80..BF             (ED A0..BF would be a surrogate)
 *   U+E000..U+FFFF      EE..EF   80..BF   80..BF
 *   U+10000..U+3FFFF    F0       90..BF   80..BF   80..BF    (F0 80..8F would be overlong)
 *   U+40000..U+FFFFF    F1..F3   80..BF   80..BF   80..BF
 *   U+100000..U+10FFFF  F4       80..8F   80..BF   80..BF    (F4 90.. would be above U+10FFFF)
 * </pre>
 *
 * C0, C1 (overlong 2-byte) and F5..FF never start a sequence. Text is mostly ASCII, so eight bytes at a time are
 * skipped while none has its high bit set. Stateless and thread safe.
 */
public final class Utf8Validator {
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private Utf8Validator() {
    }

    /** Whether the {@code length} bytes at {@code offset} are well-formed UTF-8 (empty is well-formed). */
    public static boolean isValid(final MemorySegment segment, final long offset, final int length) {
        long i = offset;
        final long end = offset + length;
        while (i < end) {
            if (end - i >= Long.BYTES && (segment.get(FrameHeader.U64, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            final int b0 = segment.get(FrameHeader.U8, i) & 0xFF;
            if (b0 < 0x80) {
                i++;
            } else if (b0 < 0xC2) {
                return false; // stray continuation byte, or C0/C1 (overlong)
            } else if (b0 < 0xE0) {
                if (end - i < 2 || !isContinuation(segment.get(FrameHeader.U8, i + 1))) {
                    return false;
                }
                i += 2;
            } else if (b0 < 0xF0) {
                if (end - i < 3) {
                    return false;
                }
                final int b1 = segment.get(FrameHeader.U8, i + 1) & 0xFF;
                final int lo = b0 == 0xE0 ? 0xA0 : 0x80;
                final int hi = b0 == 0xED ? 0x9F : 0xBF;
                if (b1 < lo || b1 > hi || !isContinuation(segment.get(FrameHeader.U8, i + 2))) {
                    return false;
                }
                i += 3;
            } else if (b0 < 0xF5) {
                if (end - i < 4) {
                    return false;
                }
                final int b1 = segment.get(FrameHeader.U8, i + 1) & 0xFF;
                final int lo = b0 == 0xF0 ? 0x90 : 0x80;
                final int hi = b0 == 0xF4 ? 0x8F : 0xBF;
                if (b1 < lo || b1 > hi
                    || !isContinuation(segment.get(FrameHeader.U8, i + 2))
                    || !isContinuation(segment.get(FrameHeader.U8, i + 3))) {
                    return false;
                }
                i += 4;
            } else {
                return false; // F5..FF: would encode above U+10FFFF, or not UTF-8 at all
            }
        }
        return true;
    }

    private static boolean isContinuation(final byte b) {
        return (b & 0xC0) == 0x80;
    }
}
