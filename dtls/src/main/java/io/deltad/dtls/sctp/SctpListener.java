package io.deltad.dtls.sctp;

import java.lang.foreign.MemorySegment;

/**
 * What an association tells its owner. Called synchronously on the owner thread, never from inside usrsctp: messages
 * and events are read from the socket after usrsctp has returned, so the listener may call {@code send},
 * {@code resetOutgoingStream} or {@code close} on the association.
 */
public interface SctpListener {
    /** The association is up (COMM_UP); {@link SctpAssociation#outboundStreams()} now holds the negotiated counts. */
    void onConnected();

    /**
     * One complete message (reassembled if usrsctp delivered it in parts).
     *
     * @param ppid    payload protocol identifier, host order (51 string, 53 binary, 50 DCEP, ...)
     * @param segment valid only during the call: the association's receive buffer
     */
    void onMessage(int streamId, int ppid, MemorySegment segment, long offset, int lengthBytes);

    /**
     * The peer reset its outgoing stream {@code streamId} (RFC 6525), which is how a DataChannel closes (RFC 8831 §6.7).
     * Resets of our own outgoing streams completing are not reported.
     */
    void onStreamReset(int streamId);

    /** The association is gone; once per association. Sends return {@link SctpSendStatus#CLOSED} from now on. */
    void onClosed(SctpCloseReason reason);
}
