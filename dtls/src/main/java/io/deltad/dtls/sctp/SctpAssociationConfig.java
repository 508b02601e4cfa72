package io.deltad.dtls.sctp;

/**
 * Per-association settings, from the session's SDP and the appliance config. Fluent setters, then
 * {@link #conclude()} (called by {@link SctpAssociation#create}) validates.
 *
 * <p>Native memory per association, allocated at creation: the receive buffer ({@link #maxReceiveMessageBytes()} + 1),
 * one outbound packet ({@link #maxPacketBytes()}) and 4 KiB for notifications. The deferred queue
 * ({@link #deferredQueuePackets()} × {@link #maxPacketBytes()}) is allocated on the first packet another thread emits for
 * this association, which never happens when one thread owns everything.
 */
public final class SctpAssociationConfig {
    /** RFC 8841 §5: the port both sides use when the SDP has no {@code a=sctp-port}. */
    public static final int PORT_DEFAULT = 5000;
    /** RFC 8841 §6: the receiver's limit when the SDP has no {@code a=max-message-size}. */
    public static final int MAX_MESSAGE_BYTES_DEFAULT = 64 * 1024;
    /** RFC 8261 §5: without path MTU discovery an SCTP packet should stay at or below 1200 bytes. */
    public static final int MAX_PACKET_BYTES_DEFAULT = 1200;
    public static final int DEFERRED_QUEUE_PACKETS_DEFAULT = 64;
    /** usrsctp's {@code spp_pathmtu} counts chunk bytes; the 12-byte common header comes on top (measured). */
    static final int COMMON_HEADER_BYTES = 12;
    private static final int MIN_PACKET_BYTES = 508;

    private int localPort = PORT_DEFAULT;
    private int remotePort = PORT_DEFAULT;
    private int streams = SctpTuning.STREAMS_DEFAULT;
    private int maxReceiveMessageBytes = MAX_MESSAGE_BYTES_DEFAULT;
    private int maxSendMessageBytes = MAX_MESSAGE_BYTES_DEFAULT;
    private int maxPacketBytes = MAX_PACKET_BYTES_DEFAULT;
    private int deferredQueuePackets = DEFERRED_QUEUE_PACKETS_DEFAULT;
    private int partialDeliveryPointBytes;

    /** Our {@code a=sctp-port}. */
    public SctpAssociationConfig localPort(final int value) {
        localPort = value;
        return this;
    }

    /** The peer's {@code a=sctp-port}. */
    public SctpAssociationConfig remotePort(final int value) {
        remotePort = value;
        return this;
    }

    /** Inbound and outbound streams offered in the INIT; the negotiated counts are the minimum of both sides'. */
    public SctpAssociationConfig streams(final int value) {
        streams = value;
        return this;
    }

    /** Our {@code a=max-message-size}: larger incoming messages are dropped and counted ({@link SctpDrop#MESSAGE_TOO_BIG}). */
    public SctpAssociationConfig maxReceiveMessageBytes(final int value) {
        maxReceiveMessageBytes = value;
        return this;
    }

    /** The peer's {@code a=max-message-size}: larger sends return {@link SctpSendStatus#TOO_BIG}. */
    public SctpAssociationConfig maxSendMessageBytes(final int value) {
        maxSendMessageBytes = value;
        return this;
    }

    /** Largest SCTP packet handed to the sink, common header included (before DTLS adds its own). */
    public SctpAssociationConfig maxPacketBytes(final int value) {
        maxPacketBytes = value;
        return this;
    }

    /** Packets another thread's timers may park for the owner before more are dropped ({@link SctpDrop#DEFERRED_QUEUE_FULL}). */
    public SctpAssociationConfig deferredQueuePackets(final int value) {
        deferredQueuePackets = value;
        return this;
    }

    /**
     * Bytes of an incomplete message after which usrsctp starts handing it over in parts (SCTP_PARTIAL_DELIVERY_POINT,
     * RFC 6458 §8.1.21); 0 keeps usrsctp's default (half the receive buffer). Parts are reassembled in the receive
     * buffer either way; a lower point moves the buffering from usrsctp's chunks to our contiguous buffer.
     */
    public SctpAssociationConfig partialDeliveryPointBytes(final int value) {
        partialDeliveryPointBytes = value;
        return this;
    }

    public int partialDeliveryPointBytes() {
        return partialDeliveryPointBytes;
    }

    public int localPort() {
        return localPort;
    }

    public int remotePort() {
        return remotePort;
    }

    public int streams() {
        return streams;
    }

    public int maxReceiveMessageBytes() {
        return maxReceiveMessageBytes;
    }

    public int maxSendMessageBytes() {
        return maxSendMessageBytes;
    }

    public int maxPacketBytes() {
        return maxPacketBytes;
    }

    public int deferredQueuePackets() {
        return deferredQueuePackets;
    }

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public SctpAssociationConfig conclude() {
        range("localPort", localPort, 1, 65_535);
        range("remotePort", remotePort, 1, 65_535);
        range("streams", streams, 1, 65_535);
        range("maxReceiveMessageBytes", maxReceiveMessageBytes, 1, Integer.MAX_VALUE - 1);
        range("maxSendMessageBytes", maxSendMessageBytes, 1, Integer.MAX_VALUE);
        range("maxPacketBytes", maxPacketBytes, MIN_PACKET_BYTES, 65_535);
        range("deferredQueuePackets", deferredQueuePackets, 1, 1 << 16);
        range("partialDeliveryPointBytes", partialDeliveryPointBytes, 0, Integer.MAX_VALUE);
        return this;
    }

    private static void range(final String name, final int value, final int min, final int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("SCTP association " + name + " = " + value + " is outside [" + min + ", "
                + max + "]");
        }
    }

    @Override
    public String toString() {
        return "SctpAssociationConfig{localPort=" + localPort + ", remotePort=" + remotePort + ", streams=" + streams
            + ", maxReceiveMessageBytes=" + maxReceiveMessageBytes + ", maxSendMessageBytes=" + maxSendMessageBytes
            + ", maxPacketBytes=" + maxPacketBytes + ", deferredQueuePackets=" + deferredQueuePackets
            + ", partialDeliveryPointBytes=" + partialDeliveryPointBytes + '}';
    }
}
