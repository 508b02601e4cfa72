package io.deltad.dtls.stun;

import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;

/**
 * An HMAC-SHA1 key (RFC 2104) for MESSAGE-INTEGRITY, keyed once: BouncyCastle's {@link HMac} keeps the inner and
 * outer pad states and returns to them after each {@code doFinal}, so a check costs only the message and allocates
 * nothing (the JDK's {@code Mac.doFinal} allocates per call). For ICE the key is the local password as UTF-8 bytes,
 * unprocessed (short-term credentials, RFC 5389 §15.4; RFC 8445 §7.2.2: ICE passwords are ice-chars, no SASLprep).
 *
 * <p>Built once per session when the SDP answer is made; used only by the IoAgent thread that owns the session.
 */
public final class HmacSha1Key {
    /** Bytes of an HMAC-SHA1 value. */
    public static final int LENGTH = 20;

    private final HMac mac = new HMac(new SHA1Digest());

    public HmacSha1Key(final byte[] key) {
        mac.init(new KeyParameter(key));
    }

    public static HmacSha1Key ofPassword(final String password) {
        return new HmacSha1Key(password.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC of {@code data[0, length)} into {@code out[0, 20)}. Owning thread only. */
    void compute(final byte[] data, final int length, final byte[] out) {
        mac.update(data, 0, length);
        mac.doFinal(out, 0);
    }
}
