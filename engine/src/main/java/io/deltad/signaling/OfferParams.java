package io.deltad.signaling;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What the session layer needs from a browser's offer: the remote ICE credentials (to check its STUN binding
 * requests), its certificate fingerprint (to check its DTLS certificate against), and the SCTP parameters.
 *
 * @param remoteUfrag          the browser's {@code a=ice-ufrag}.
 * @param remotePwd            the browser's {@code a=ice-pwd} (a credential: {@link #toString()} does not print it).
 * @param fingerprintAlgorithm hash function of {@link #fingerprint}, lower case: {@code sha-256}, {@code sha-384} or
 *                             {@code sha-512} (the strongest the offer gave).
 * @param fingerprint          the certificate digest (copied in and out).
 * @param mid                  the DataChannel section's {@code a=mid}, {@code ""} when the offer had none.
 * @param sctpPort             the browser's {@code a=sctp-port} (5000 when absent).
 * @param maxMessageSize       the largest message the browser takes ({@code a=max-message-size}; 65536 when absent,
 *                             0 for any size).
 */
public record OfferParams(String remoteUfrag, String remotePwd, String fingerprintAlgorithm, byte[] fingerprint,
    String mid, int sctpPort, long maxMessageSize) {
    public OfferParams {
        fingerprint = fingerprint.clone();
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof OfferParams that && remoteUfrag.equals(that.remoteUfrag) &&
            remotePwd.equals(that.remotePwd) && fingerprintAlgorithm.equals(that.fingerprintAlgorithm) &&
            Arrays.equals(fingerprint, that.fingerprint) && mid.equals(that.mid) && sctpPort == that.sctpPort &&
            maxMessageSize == that.maxMessageSize;
    }

    @Override
    public int hashCode() {
        return (remoteUfrag.hashCode() * 31 + Arrays.hashCode(fingerprint)) * 31 + mid.hashCode();
    }

    @Override
    public String toString() {
        return "OfferParams[remoteUfrag=" + remoteUfrag + ", remotePwd=<" + remotePwd.length() + " chars>, fingerprint=" +
            fingerprintAlgorithm + ' ' + HexFormat.ofDelimiter(":").withUpperCase().formatHex(fingerprint) + ", mid=" +
            mid + ", sctpPort=" + sctpPort + ", maxMessageSize=" + maxMessageSize + ']';
    }
}
