package io.deltad.schema;

import io.deltad.wire.FrameHeader;
import io.deltad.wire.OpKind;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpWriterTest {
    private final MemorySegment segment = Arena.ofAuto().allocate(70_000);
    private final OpWriter writer = new OpWriter();

    @Test
    void shouldEncodeOpsLittleEndianWhenWritten() {
        writer.wrap(segment, 10).setI64(3, 0x0102030405060708L).increment(4, -1).delete(5).setBool(6, true)
            .setEnum(7, 200).setF64(8, 1.5);

        assertEquals(10 + 10 + 2 + 3 + 3 + 10, writer.length());
        assertEquals(OpKind.SET, segment.get(ValueLayout.JAVA_BYTE, 10));
        assertEquals(3, segment.get(ValueLayout.JAVA_BYTE, 11));
        assertEquals(0x08, segment.get(ValueLayout.JAVA_BYTE, 12)); // little-endian: low byte first
        assertEquals(OpKind.INCREMENT, segment.get(ValueLayout.JAVA_BYTE, 20));
        assertEquals(-1L, segment.get(FrameHeader.U64, 22));
        assertEquals(OpKind.DELETE, segment.get(ValueLayout.JAVA_BYTE, 30));
        assertEquals(1, segment.get(ValueLayout.JAVA_BYTE, 34));
        assertEquals((byte) 200, segment.get(ValueLayout.JAVA_BYTE, 37));
        assertEquals(1.5, segment.get(FrameHeader.F64, 40));
    }

    @Test
    void shouldEncodeLikeJdkWhenStringHasEveryUtf8Width() {
        final String text = "a\u00e9\u20ac\uD83D\uDE00 \uD800x"; // 1-, 2-, 3-, 4-byte and a lone surrogate
        writer.wrap(segment, 0).setString(1, text);
        final byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, segment.get(FrameHeader.U16, 2));
        assertArrayEquals(expected, segment.asSlice(4, expected.length).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(4 + expected.length, writer.length());
    }

    @Test
    void shouldRefuseWhenValueExceedsU16Length() {
        assertThrows(IllegalArgumentException.class, () -> writer.wrap(segment, 0).setString(0, "x".repeat(65536)));
        assertThrows(IllegalArgumentException.class, () -> writer.wrap(segment, 0).setBytes(0, new byte[65536]));
    }
}
