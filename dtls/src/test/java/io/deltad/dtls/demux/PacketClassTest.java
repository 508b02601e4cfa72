package io.deltad.dtls.demux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class PacketClassTest {
    @Test
    void shouldClassifyEveryFirstByteByRfc7983Ranges() {
        for (int b = 0; b < 256; b++) {
            final PacketClass expected = b <= 3 ? PacketClass.STUN
                : b >= 16 && b <= 19 ? PacketClass.ZRTP
                : b >= 20 && b <= 63 ? PacketClass.DTLS
                : b >= 64 && b <= 79 ? PacketClass.TURN_CHANNEL
                : b >= 128 && b <= 191 ? PacketClass.RTP_RTCP
                : PacketClass.UNKNOWN;
            assertEquals(expected, PacketClass.classify((byte) b), "byte " + b);
        }
    }

    // BAD_INPUTS 1
    @Test
    void shouldDropAndCountWhenFirstByteOutsideRfc7983Ranges() {
        final Demultiplexer demultiplexer = new Demultiplexer();
        final byte[] firstBytes = { 0, 22, 4, 15, 80, 127, (byte) 192, (byte) 255, 64, (byte) 128 };
        for (final byte first : firstBytes) {
            demultiplexer.classify(MemorySegment.ofArray(new byte[] { first }), 0, 1);
        }
        demultiplexer.classify(MemorySegment.ofArray(new byte[0]), 0, 0);
        assertEquals(1, demultiplexer.count(PacketClass.STUN));
        assertEquals(1, demultiplexer.count(PacketClass.DTLS));
        assertEquals(7, demultiplexer.count(PacketClass.UNKNOWN));
        assertEquals(1, demultiplexer.count(PacketClass.TURN_CHANNEL));
        assertEquals(1, demultiplexer.count(PacketClass.RTP_RTCP));
        assertEquals(9, demultiplexer.droppedCount());
    }
}
