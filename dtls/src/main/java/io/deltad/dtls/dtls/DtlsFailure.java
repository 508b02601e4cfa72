package io.deltad.dtls.dtls;

/**
 * Why a {@link DtlsEndpoint} closed. One per endpoint, reported once through {@link DtlsListener#onClosed}; the session
 * layer counts them per reason.
 */
public enum DtlsFailure {
    /** Still open. */
    NONE,
    /** {@link DtlsEndpoint#close()} was called: close_notify sent. */
    LOCAL_CLOSE,
    /** The peer sent close_notify. */
    PEER_CLOSED,
    /** The peer's certificate is not the one its SDP {@code a=fingerprint} names, or it sent none (BAD_INPUTS 12). */
    FINGERPRINT_MISMATCH,
    /** The handshake did not complete within the handshake timeout (BAD_INPUTS 10). */
    HANDSHAKE_TIMEOUT,
    /**
     * A fatal error during the handshake, sent or received: no common cipher suite or group, bad signature, bad
     * Finished, unexpected message.
     */
    HANDSHAKE_FAILED,
    /** A fatal alert, sent or received, after the handshake completed. */
    PROTOCOL_ERROR,
    /** The engine failed in a way that is not the peer's doing (a bug, a missing algorithm): logged and counted. */
    INTERNAL_ERROR
}
