package io.deltad.dtls.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HmacSha1KeyTest {
    /** A key is used for many messages in turn: each must match the JDK's HMAC, on every block-length edge. */
    @Test
    void shouldMatchJdkHmacSha1ForEveryMessageOfAReusedKey() {
        final Random random = new Random(7);
        final byte[] mac = new byte[HmacSha1Key.LENGTH];
        for (final int keyLength : new int[] { 1, 22, 63, 64, 65, 200 }) {
            final byte[] key = new byte[keyLength];
            random.nextBytes(key);
            final HmacSha1Key reused = new HmacSha1Key(key);
            for (int length = 0; length <= 300; length++) {
                final byte[] data = new byte[length];
                random.nextBytes(data);
                reused.compute(data, length, mac);
                assertArrayEquals(expected(key, data), mac, "key " + keyLength + " length " + length);
            }
        }
    }

    private static byte[] expected(final byte[] key, final byte[] data) {
        try {
            final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }
}
