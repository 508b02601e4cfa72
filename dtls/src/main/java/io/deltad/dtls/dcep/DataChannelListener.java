package io.deltad.dtls.dcep;

import io.deltad.dtls.sctp.SctpCloseReason;
import java.lang.foreign.MemorySegment;

/** What {@link DataChannels} tells the session. Called on the association's owner thread. */
public interface DataChannelListener {
    /**
     * A channel is open: the peer's OPEN was accepted (and ACKed), or the peer ACKed ours.
     *
     * @param channelType a {@link DataChannelType}
     */
    void onChannelOpen(int streamId, String label, String protocol, int channelType);

    /**
     * One message on an open channel.
     *
     * @param ppid    {@link Ppid#STRING} or {@link Ppid#BINARY}; empty messages (PPID 56/57) arrive as these with length 0
     * @param segment valid only during the call
     */
    void onChannelMessage(int streamId, int ppid, MemorySegment segment, long offset, int lengthBytes);

    /** The channel is closed (both directions reset, or the association ended); its stream id may be reused. */
    void onChannelClosed(int streamId);

    /** The SCTP association is up; channels may be opened. */
    default void onAssociationUp() {
    }

    /** The association ended; every channel was closed just before. */
    default void onAssociationClosed(final SctpCloseReason reason) {
    }
}
