package io.deltad.dtls.dtls;

/** Life cycle of a {@link DtlsEndpoint}; it only ever moves forward. */
public enum DtlsState {
    /** Constructed; {@link DtlsEndpoint#start(long)} not called yet, datagrams are dropped. */
    NEW,
    /** Handshake in progress: flights are retransmitted from {@link DtlsEndpoint#onTimer(long)}. */
    HANDSHAKING,
    /** Handshake done and the peer's certificate matched the expected fingerprint: application data flows. */
    CONNECTED,
    /** Terminal; {@link DtlsEndpoint#failure()} says why. */
    CLOSED
}
