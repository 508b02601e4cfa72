package io.deltad.dtls.sctp;

import java.lang.foreign.MemorySegment;

/**
 * Where an association's outgoing SCTP packets go: the session's DTLS layer, which encrypts each into one record and
 * queues the datagram. Called synchronously on the association's owner thread, from inside usrsctp (during
 * {@link SctpAssociation#input}, {@code send}, {@code close}, {@link SctpStack#handleTimers} or
 * {@link SctpAssociation#drainDeferred}).
 *
 * <p>Rules, because usrsctp is on the stack with its locks held: do not throw (a throw is caught, counted as
 * {@link SctpDrop#SINK_FAILED} and the packet is lost, which SCTP recovers from), and do not call into any
 * {@link SctpAssociation} or {@link SctpStack} (re-entering usrsctp from its output path deadlocks or corrupts it;
 * the association throws {@link IllegalStateException} if you try). Copy or encrypt the bytes before returning: the
 * segment is reused for the next packet.
 */
@FunctionalInterface
public interface SctpPacketSink {
    /**
     * One SCTP packet: common header and chunks, CRC32c filled in (by {@link SctpChecksum}).
     *
     * @param packet      valid only during the call; the packet starts at offset 0
     * @param lengthBytes bytes of the packet, at most {@link SctpAssociationConfig#maxPacketBytes()} in practice
     */
    void onSctpPacket(MemorySegment packet, int lengthBytes);
}
