package io.deltad.dtls.dtls;

/**
 * Which side of the DTLS handshake an endpoint plays (RFC 8842 §5: {@code a=setup}). The appliance answers offers
 * with {@code a=setup:passive} and is the {@link #SERVER}; the {@link #CLIENT} role drives load tests and interop.
 */
public enum DtlsRole {
    /** Waits for the ClientHello; asks the peer for its certificate. */
    SERVER,
    /** Sends the ClientHello on {@link DtlsEndpoint#start(long)}. */
    CLIENT
}
