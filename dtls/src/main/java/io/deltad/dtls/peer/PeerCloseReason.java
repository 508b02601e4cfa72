package io.deltad.dtls.peer;

/** Why a {@link PeerConnection} ended; each is counted by the session layer. */
public enum PeerCloseReason {
    /** Closed by our side (DELETE, kick, shutdown, overload). */
    LOCAL,
    /** The DTLS handshake did not complete in time. */
    HANDSHAKE_TIMEOUT,
    /** The peer's certificate does not match the fingerprint in its offer (BAD_INPUTS 12). */
    FINGERPRINT_MISMATCH,
    /** Any other DTLS failure: fatal alert, protocol error, close_notify from the peer. */
    DTLS_FAILED,
    /** The SCTP association was aborted or shut down by the peer, or could not be set up. */
    SCTP_CLOSED,
    /** No authenticated connectivity check for the consent timeout (RFC 7675; BAD_INPUTS 7). */
    CONSENT_EXPIRED;

    /** Lower-case label for counters and logs: {@code "consent expired"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
