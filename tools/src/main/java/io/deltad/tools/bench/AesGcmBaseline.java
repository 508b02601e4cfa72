package io.deltad.tools.bench;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * The physical baseline of encrypted egress: how many AES-128-GCM records of a given size this JVM encrypts per
 * second on one thread, the way a DTLS 1.2 record layer must (RFC 5288: a fresh 12-byte nonce per record, 13 bytes of
 * additional data, a 16-byte tag), into a direct buffer. Nothing a DataChannel server does per delivered record can
 * be cheaper than this, so {@code deltabench webrtc} reports its egress against it.
 */
final class AesGcmBaseline {
    private static final int TAG_BITS = 128;
    private static final int AAD_BYTES = 13;

    private AesGcmBaseline() {
    }

    /** Records per second of {@code recordBytes} plaintext, measured for about {@code durationNs} after a warm-up. */
    static double recordsPerSecond(final int recordBytes, final long durationNs) {
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            final SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
            final byte[] nonce = new byte[12];
            final byte[] aad = new byte[AAD_BYTES];
            final ByteBuffer plain = ByteBuffer.allocateDirect(recordBytes);
            final ByteBuffer out = ByteBuffer.allocateDirect(recordBytes + TAG_BITS / 8);
            long sequence = 0;
            final long warmUpEndNs = System.nanoTime() + Math.min(durationNs / 2, 500_000_000L);
            while (System.nanoTime() < warmUpEndNs) {
                encrypt(cipher, key, nonce, aad, plain, out, sequence++);
            }
            long records = 0;
            final long startNs = System.nanoTime();
            final long endNs = startNs + durationNs;
            long nowNs = startNs;
            while (nowNs < endNs) {
                for (int i = 0; i < 256; i++) {
                    encrypt(cipher, key, nonce, aad, plain, out, sequence++);
                }
                records += 256;
                nowNs = System.nanoTime();
            }
            return records * 1e9 / (nowNs - startNs);
        } catch (final GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", ex);
        }
    }

    private static void encrypt(final Cipher cipher, final SecretKeySpec key, final byte[] nonce, final byte[] aad,
        final ByteBuffer plain, final ByteBuffer out, final long sequence) throws GeneralSecurityException {
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (sequence >>> (56 - 8 * i)); // explicit nonce = epoch|seq, as in DTLS 1.2
            aad[i] = nonce[4 + i];
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        plain.clear();
        out.clear();
        cipher.doFinal(plain, out);
    }
}
