package io.deltad.dtls.dcep;

/**
 * Which end of the DTLS handshake this side is; it decides the stream ids this side may open channels on
 * (RFC 8832 §6: the DTLS client uses even stream ids, the server odd ones), so both can open at once without collision.
 */
public enum DtlsRole {
    CLIENT,
    SERVER;

    /** 0 (even) for the client, 1 (odd) for the server. */
    public int parity() {
        return this == CLIENT ? 0 : 1;
    }

    /** True if {@code streamId} is one this side opens channels on. */
    public boolean ownsStream(final int streamId) {
        return (streamId & 1) == parity();
    }
}
