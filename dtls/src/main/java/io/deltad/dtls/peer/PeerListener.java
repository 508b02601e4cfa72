package io.deltad.dtls.peer;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * What a {@link PeerConnection} hands to its owner (the IoAgent's session layer, or the client role). Every call is on
 * the owner's thread from inside a {@link PeerConnection} method; buffers are reused once the call returns.
 */
public interface PeerListener {
    /** One encrypted UDP payload to send to the peer's address. */
    void onDatagram(ByteBuffer datagram);

    /** DTLS and SCTP are up: channels may be opened and messages sent. */
    void onConnected();

    /** A DataChannel opened (by the peer's DCEP OPEN, or ours acknowledged). */
    void onChannelOpen(int streamId, String label, String protocol);

    /** One complete DataChannel message. */
    void onMessage(int streamId, int ppid, MemorySegment segment, long offset, int length);

    /** A DataChannel closed (stream reset). */
    void onChannelClosed(int streamId);

    /** The connection is closed for good (DTLS failure, SCTP abort/shutdown, local close); called once. */
    void onClosed(PeerCloseReason reason);
}
