package io.deltad.signaling;

import io.deltad.dtls.dtls.DtlsFingerprint;

/**
 * A browser's SDP offer, checked against what this endpoint does: one DataChannel section over
 * {@code UDP/DTLS/SCTP}, ICE credentials, a SHA-256 (or stronger) certificate fingerprint, and a DTLS role that
 * leaves this endpoint passive (it is the DTLS server, like every ICE-lite server).
 *
 * <p>Where each rule comes from and the status it gets: {@link SessionDescription} (size, lines, grammar: 413, 400),
 * {@link DataChannelDescription} (the section and its attributes: 422, 400), and here:
 * <ul>
 *   <li>no fingerprint with sha-256, sha-384 or sha-512 (e.g. sha-1 only): 422;</li>
 *   <li>{@code a=setup:passive} or {@code holdconn}: 422 (this endpoint is passive; {@code actpass}, {@code active}
 *       or no {@code a=setup} are accepted);</li>
 *   <li>{@code a=ice-lite}: 422 (two ICE-lite agents never send a connectivity check).</li>
 * </ul>
 *
 * @param params      what the session layer gets.
 * @param description everything read from the offer (candidates, BUNDLE group, ...).
 */
public record SdpOffer(OfferParams params, DataChannelDescription description) {
    /**
     * @param body     the request body.
     * @param maxBytes the largest body accepted ({@code signaling.max_offer_bytes}).
     * @throws SdpException with 400, 413 or 422 and a message naming the offending line.
     */
    public static SdpOffer parse(final byte[] body, final int maxBytes) {
        final DataChannelDescription description = DataChannelDescription.of(SessionDescription.parse(body, maxBytes));
        final String setup = description.setup();
        if ("passive".equals(setup) || "holdconn".equals(setup)) {
            throw new SdpException(SdpException.UNSUPPORTED, "a=setup:" + setup +
                ": this endpoint is the DTLS server (a=setup:passive); offer actpass or active (RFC 8842 §5.2)");
        }
        if (description.iceLite()) {
            throw new SdpException(SdpException.UNSUPPORTED,
                "a=ice-lite: this endpoint is ICE-lite too, so neither side would send connectivity checks (RFC 8445 §6.1.1)");
        }
        final DtlsFingerprint fingerprint = strongest(description);
        return new SdpOffer(new OfferParams(description.iceUfrag(), description.icePwd(), fingerprint.algorithm(),
            fingerprint.bytes(), description.mid(), description.sctpPort(), description.maxMessageSize()), description);
    }

    private static DtlsFingerprint strongest(final DataChannelDescription description) {
        DtlsFingerprint best = null;
        for (final DtlsFingerprint fingerprint : description.fingerprints()) {
            if (best == null || fingerprint.strength() > best.strength()) {
                best = fingerprint;
            }
        }
        if (best == null) {
            throw new SdpException(SdpException.UNSUPPORTED, "a=fingerprint: " + String.join(", ",
                description.refusedHashes()) + " not accepted: sha-256, sha-384 or sha-512 required");
        }
        return best;
    }
}
