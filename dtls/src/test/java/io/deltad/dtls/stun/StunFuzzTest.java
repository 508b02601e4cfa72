package io.deltad.dtls.stun;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and mutated datagrams through the parser and the responder. Each sits in a segment of exactly its
 * length, so a read past the end throws and fails the test. Seeded: a failure reproduces.
 */
class StunFuzzTest {
    private static final String PASSWORD = "abcdefghijklmnopqrstuv";

    @Test
    void shouldNeverThrowOrReadOutsideDatagramWhenFedRandomAndMutatedInput() {
        final Random random = new Random(20240611L);
        final StunResponder responder = new StunResponder(
            new StunTestSupport.Sessions(new IceCredentials("Lx9q", PASSWORD, "Rk2w", 1)),
            (session, source, useCandidate, nowNs) -> { }, 1_000_000, 1_000_000, 0);
        final StunMessage message = new StunMessage();
        final StunMessageIntegrity integrity = new StunMessageIntegrity();
        final HmacSha1Key key = HmacSha1Key.ofPassword(PASSWORD);
        final StunAddress source = new StunAddress().ipv4(0x0A000001, 4000);
        final byte[] out = new byte[2048];
        final byte[][] seeds = {
            StunTestSupport.Builder.browserLike("Lx9q:Rk2w").useCandidate().build(PASSWORD, true),
            StunTestSupport.Builder.browserLike("Lx9q:Rk2w").attribute(0x7001, new byte[3]).build(PASSWORD, true),
            StunMessageTest.RFC5769_REQUEST, StunMessageTest.RFC5769_IPV4_RESPONSE, StunMessageTest.RFC5769_IPV6_RESPONSE,
        };
        int answered = 0;
        for (int i = 0; i < 100_000; i++) {
            final byte[] datagram = i % 4 == 0 ? randomDatagram(random) : mutate(seeds[random.nextInt(seeds.length)], random);
            final MemorySegment exact = MemorySegment.ofArray(datagram);
            if (message.wrap(exact, 0, datagram.length).parse() == StunParseResult.OK) {
                integrity.verifyIntegrity(message, key);
                integrity.verifyFingerprint(message);
                message.xorMappedAddress(new StunAddress());
                message.errorCode();
            }
            final int result = responder.onDatagram(exact, 0, datagram.length, source, random.nextBoolean(), i,
                MemorySegment.ofArray(out), 0, out.length);
            assertTrue(result <= datagram.length, "amplification");
            if (result > 0) {
                answered++;
            }
        }
        assertTrue(answered > 0, "some mutants are still valid requests and are answered");
    }

    private static byte[] randomDatagram(final Random random) {
        final byte[] datagram = new byte[random.nextInt(160)];
        random.nextBytes(datagram);
        if (datagram.length >= 20 && random.nextBoolean()) {
            // Make it look like STUN so the attribute walk is reached.
            datagram[0] &= 0x03;
            StunTestSupport.putU16(datagram, 2, (datagram.length - 20) & ~3);
            datagram[4] = 0x21;
            datagram[5] = 0x12;
            datagram[6] = (byte) 0xA4;
            datagram[7] = 0x42;
            return Arrays.copyOf(datagram, 20 + ((datagram.length - 20) & ~3));
        }
        return datagram;
    }

    private static byte[] mutate(final byte[] seed, final Random random) {
        byte[] datagram = seed.clone();
        final int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (datagram.length > 0) {
                        datagram[random.nextInt(datagram.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> { // attribute length field
                    final int at = 20 + 4 * random.nextInt(Math.max(1, (datagram.length - 20) / 4));
                    if (at + 4 <= datagram.length) {
                        StunTestSupport.putU16(datagram, at + 2, random.nextInt(0x10000));
                    }
                }
                case 2 -> { // truncate on a 4-byte boundary, keeping the header length consistent
                    final int length = Math.max(20, datagram.length - 4 * random.nextInt(6));
                    datagram = Arrays.copyOf(datagram, length);
                    StunTestSupport.putU16(datagram, 2, length - 20);
                }
                case 3 -> datagram = Arrays.copyOf(datagram, random.nextInt(datagram.length + 8));
                default -> {
                    if (datagram.length >= 4) {
                        StunTestSupport.putU16(datagram, 2, random.nextInt(0x10000));
                    }
                }
            }
        }
        return datagram;
    }
}
