package io.deltad.io.dpdk;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Internet checksum against a plain 16-bit loop, every length and alignment; MAC and address helpers. */
class FramesTest {
    @Test
    void shouldMatchAPlainSixteenBitChecksumForEveryLengthAndOffset() {
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] bytes = new byte[1600];
        random.nextBytes(bytes);
        final MemorySegment segment = MemorySegment.ofArray(bytes);
        for (int offset = 0; offset < 8; offset++) {
            for (int length = 0; length < 1500; length += 1 + length / 64) {
                final long pseudo = random.nextLong(1L << 20);
                final int expected = DpdkTestSupport.checksum16(bytes, offset, length, pseudo);
                assertEquals(expected, ~Frames.fold(Frames.sum(segment, offset, length, pseudo)) & 0xFFFF,
                    "offset " + offset + " length " + length);
            }
        }
    }

    @Test
    void shouldRoundTripMacsAndFormatAddresses() {
        final MemorySegment segment = MemorySegment.ofArray(new byte[8]);
        Frames.mac(segment, 1, 0x02_AB_CD_EF_01_23L);
        assertEquals(0x02_AB_CD_EF_01_23L, Frames.mac(segment, 1));
        assertEquals("02:ab:cd:ef:01:23", Frames.macText(0x02_AB_CD_EF_01_23L));
        assertEquals("10.213.0.1", Frames.ipText(Ipv4Interface.ipv4("10.213.0.1")));
        final Ipv4Interface iface = Ipv4Interface.parse("10.0.0.5/24", "10.0.0.1");
        assertEquals(Ipv4Interface.ipv4("10.0.0.9"), iface.nextHop(Ipv4Interface.ipv4("10.0.0.9")));
        assertEquals(Ipv4Interface.ipv4("10.0.0.1"), iface.nextHop(Ipv4Interface.ipv4("8.8.8.8")));
        assertEquals(0, Ipv4Interface.parse("10.0.0.5/24", "").nextHop(Ipv4Interface.ipv4("8.8.8.8")));
    }
}
