package io.deltad.dtls.stun;

import java.nio.charset.StandardCharsets;

/**
 * What the ICE-lite responder needs to know about one session (from the SDP offer/answer, RFC 8839 §5.4):
 * our ufrag and password, the peer's ufrag, and the handle the session layer uses to find the session.
 * The password is kept only as a precomputed {@link HmacSha1Key}.
 *
 * <p>Immutable; created by the session admission code, read by the owning IoAgent.
 */
public final class IceCredentials {
    private final byte[] localUfrag;
    private final byte[] remoteUfrag;
    private final HmacSha1Key localKey;
    private final long sessionHandle;

    public IceCredentials(final String localUfrag, final String localPassword, final String remoteUfrag,
        final long sessionHandle) {
        this.localUfrag = localUfrag.getBytes(StandardCharsets.UTF_8);
        this.remoteUfrag = remoteUfrag.getBytes(StandardCharsets.UTF_8);
        this.localKey = HmacSha1Key.ofPassword(localPassword);
        this.sessionHandle = sessionHandle;
    }

    /** Our ufrag; a lookup table keys on it. Returned array must not be modified. */
    public byte[] localUfrag() { return localUfrag; }
    public byte[] remoteUfrag() { return remoteUfrag; }
    public HmacSha1Key localKey() { return localKey; }
    public long sessionHandle() { return sessionHandle; }
}
