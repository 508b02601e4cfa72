package io.deltad.dtls.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HmacSha1KeyTest {
    /** Our SHA-1/HMAC is hand-written for zero allocation, so it is held to the JDK's on every length edge. */
    @Test
    void shouldMatchJdkHmacSha1ForAllBlockEdgesAndLongKeys() {
        final Random random = new Random(7);
        final Sha1 sha1 = new Sha1();
        final byte[] inner = new byte[20];
        final byte[] mac = new byte[20];
        for (final int keyLength : new int[] { 0, 1, 22, 63, 64, 65, 200 }) {
            final byte[] key = new byte[keyLength];
            random.nextBytes(key);
            final HmacSha1Key precomputed = new HmacSha1Key(key);
            for (int length = 0; length <= 300; length++) {
                final byte[] data = new byte[length];
                random.nextBytes(data);
                sha1.reset(precomputed.innerState, Sha1.BLOCK_LENGTH);
                // Feed in two uneven pieces to exercise the block buffer.
                final int split = length / 3;
                sha1.update(data, 0, split);
                sha1.update(data, split, length - split);
                sha1.finish(inner, 0);
                sha1.reset(precomputed.outerState, Sha1.BLOCK_LENGTH);
                sha1.update(inner, 0, 20);
                sha1.finish(mac, 0);
                assertArrayEquals(expected(key, data), mac, "key " + keyLength + " length " + length);
            }
        }
    }

    private static byte[] expected(final byte[] key, final byte[] data) {
        try {
            final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            // SecretKeySpec refuses an empty key; HMAC of an empty key equals HMAC of a zero byte padded the same way.
            mac.init(new javax.crypto.spec.SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }
}
