package io.deltad.dtls.dtls;

import java.nio.ByteBuffer;

/**
 * What a {@link DtlsEndpoint} hands to its owner. Every call happens on the owner's thread, from inside an endpoint
 * method; the buffers are the endpoint's own and are reused as soon as the call returns, so copy what you keep.
 * A callback may call {@link DtlsEndpoint#send} (a reply to application data, the first SCTP packet from
 * {@link #onConnected()}); it must not call {@link DtlsEndpoint#onDatagram} or {@link DtlsEndpoint#onTimer}.
 */
public interface DtlsListener {
    /**
     * One UDP payload to send to the peer: handshake flights, retransmissions, encrypted records, alerts.
     *
     * @param datagram the bytes between position and limit
     */
    void onDatagram(ByteBuffer datagram);

    /**
     * The plaintext of one authenticated application-data record (for WebRTC: one SCTP packet).
     *
     * @param data the bytes between position and limit
     */
    void onApplicationData(ByteBuffer data);

    /** The handshake completed and the peer proved it holds the key of the certificate its SDP named. */
    void onConnected();

    /**
     * The endpoint is closed for good; called once.
     *
     * @param reason why; never {@link DtlsFailure#NONE}
     */
    void onClosed(DtlsFailure reason);
}
