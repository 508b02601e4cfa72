package io.deltad.dtls.stun;

import java.nio.charset.StandardCharsets;

/**
 * An HMAC-SHA1 key (RFC 2104) with its inner and outer pad blocks already hashed, so that checking a message costs
 * only the message itself. For ICE the key is the local password as UTF-8 bytes, unprocessed
 * (short-term credentials, RFC 5389 §15.4; RFC 8445 §7.2.2 — no SASLprep is applied to ICE passwords, which are
 * ice-chars only).
 *
 * <p>Immutable; built once per session when the SDP answer is made, then shared read-only.
 */
public final class HmacSha1Key {
    private static final byte INNER_PAD = 0x36;
    private static final byte OUTER_PAD = 0x5C;

    final int[] innerState = new int[5];
    final int[] outerState = new int[5];

    public HmacSha1Key(final byte[] key) {
        final Sha1 sha1 = new Sha1();
        byte[] material = key;
        if (material.length > Sha1.BLOCK_LENGTH) {
            material = new byte[Sha1.DIGEST_LENGTH];
            sha1.reset(Sha1.INITIAL_STATE, 0);
            sha1.update(key, 0, key.length);
            sha1.finish(material, 0);
        }
        final byte[] padded = new byte[Sha1.BLOCK_LENGTH];
        precompute(sha1, material, padded, INNER_PAD, innerState);
        precompute(sha1, material, padded, OUTER_PAD, outerState);
    }

    public static HmacSha1Key ofPassword(final String password) {
        return new HmacSha1Key(password.getBytes(StandardCharsets.UTF_8));
    }

    private static void precompute(
        final Sha1 sha1, final byte[] material, final byte[] padded, final byte pad, final int[] into) {
        for (int i = 0; i < padded.length; i++) {
            padded[i] = (byte) ((i < material.length ? material[i] : 0) ^ pad);
        }
        sha1.reset(Sha1.INITIAL_STATE, 0);
        sha1.update(padded, 0, padded.length);
        sha1.copyState(into);
    }
}
