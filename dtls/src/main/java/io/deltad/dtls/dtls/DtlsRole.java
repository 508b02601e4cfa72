package io.deltad.dtls.dtls;

/**
 * Which side of the DTLS handshake an endpoint plays (RFC 8842 §5: {@code a=setup}). The appliance answers offers
 * with {@code a=setup:passive} and is the {@link #SERVER}; the {@link #CLIENT} role drives load tests and interop.
 */
public enum DtlsRole {
    /** Waits for the ClientHello; asks the peer for its certificate. */
    SERVER,
    /** Sends the ClientHello on {@link DtlsEndpoint#start(long)}. */
    CLIENT;

    /**
     * DataChannel stream parity (RFC 8832 §6: the DTLS client opens channels on even stream ids, the server on odd
     * ones), so both sides can open at once without collision: 0 for the client, 1 for the server.
     */
    public int parity() {
        return this == CLIENT ? 0 : 1;
    }

    /** True if {@code streamId} is one this side opens channels on. */
    public boolean ownsStream(final int streamId) {
        return (streamId & 1) == parity();
    }
}
