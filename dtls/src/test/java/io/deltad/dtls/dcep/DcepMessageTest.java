package io.deltad.dtls.dcep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DcepMessageTest {
    private final DcepMessage message = new DcepMessage();

    @Test
    void shouldRoundTripAnOpen() {
        final MemorySegment out = MemorySegment.ofArray(new byte[64]);
        final int length = DcepMessage.writeOpen(out, 3, DataChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED, 256, 1500,
            "chat".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8));
        assertEquals(18, length);
        assertEquals(DcepParseResult.OPEN, message.wrap(out, 3, length).parse());
        assertEquals(DataChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED, message.channelType());
        assertEquals(256, message.priority());
        assertEquals(1500, message.reliabilityParameter());
        assertEquals("chat", message.label());
        assertEquals("v1", message.protocol());
    }

    @Test
    void shouldParseTheBytesABrowserSends() {
        // RFC 8832 §5.1 layout: OPEN, reliable, priority 0, parameter 0, label "a" (1), protocol "" (0).
        final byte[] bytes = HexFormat.of().parseHex("0300000000000000000100" + "00" + "61");
        assertEquals(DcepParseResult.OPEN, message.wrap(MemorySegment.ofArray(bytes), 0, bytes.length).parse());
        assertEquals("a", message.label());
        assertEquals("", message.protocol());
        assertEquals(DcepParseResult.ACK, message.wrap(MemorySegment.ofArray(new byte[] {2}), 0, 1).parse());
    }

    @Test
    void shouldClassifyBadMessages() {
        assertEquals(DcepParseResult.EMPTY, parse(new byte[0]));
        assertEquals(DcepParseResult.UNKNOWN_MESSAGE_TYPE, parse(new byte[] {0x04}));
        assertEquals(DcepParseResult.OPEN_TOO_SHORT, parse(new byte[] {0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals(DcepParseResult.OPEN_LENGTHS_OVERRUN, parse(new byte[] {0x03, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}));
        assertEquals(DcepParseResult.OPEN_LENGTHS_OVERRUN, parse(new byte[] {0x03, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF}));
        assertEquals(DcepParseResult.UNKNOWN_CHANNEL_TYPE, parse(new byte[] {0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals(DcepParseResult.UNKNOWN_CHANNEL_TYPE, parse(new byte[] {0x03, (byte) 0x83, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals(DcepParseResult.OPEN, parse(new byte[] {0x03, (byte) 0x82, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 9}),
            "trailing bytes after the protocol are ignored");
    }

    @Test
    void shouldRefuseToWriteWhatCannotBeEncoded() {
        final MemorySegment out = MemorySegment.ofArray(new byte[16]);
        assertThrows(IllegalArgumentException.class, () -> DcepMessage.writeOpen(out, 0, 0x04, 0, 0, new byte[0], new byte[0]));
        assertThrows(IndexOutOfBoundsException.class, () -> DcepMessage.writeOpen(out, 0, 0, 0, 0, new byte[5], new byte[0]));
        assertThrows(IndexOutOfBoundsException.class, () -> message.wrap(out, 10, 7));
    }

    private DcepParseResult parse(final byte[] bytes) {
        return message.wrap(MemorySegment.ofArray(bytes), 0, bytes.length).parse();
    }
}
