package io.deltad.dtls.dcep;

import io.deltad.dtls.dtls.DtlsRole;
import io.deltad.dtls.sctp.SctpAssociation;
import io.deltad.dtls.sctp.SctpCloseReason;
import io.deltad.dtls.sctp.SctpDrop;
import io.deltad.dtls.sctp.SctpListener;
import io.deltad.dtls.sctp.SctpSendStatus;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The DataChannels of one association (RFC 8831, DCEP of RFC 8832): the per-stream channel table, OPEN/ACK in both
 * directions, closing by stream reset, and the PPID rules for user messages. It is the association's
 * {@link SctpListener}; the session's {@link DataChannelListener} hears about channels.
 *
 * <p>Behaviour (docs/SCTP.md has the table of refusals):
 * <ul>
 *   <li>Stream ids: this side opens on its {@link DtlsRole} parity (client even, server odd), lowest free id after the
 *       last one used, so a just-closed id is not reused at once; the peer must open on the other parity.</li>
 *   <li>Peer OPEN accepted → ACK on the same stream, {@link DataChannelListener#onChannelOpen}. Refused (malformed,
 *       wrong parity, unknown channel type, over the cap) → our outgoing stream is reset, which closes the peer's
 *       channel; an OPEN on a stream that is in use is ignored so the channel there survives. Each is counted in a
 *       {@link DataChannelDrop}; nothing is thrown.</li>
 *   <li>Our OPEN: sent reliable and ordered; until the ACK (or the first message from the peer, which implies it)
 *       our messages on that channel go ordered too (RFC 8832 §6).</li>
 *   <li>Close: {@link #close(int)} resets our outgoing stream; the channel is closed once the peer resets its own.
 *       When the peer resets first we reset ours and report the channel closed at once (RFC 8831 §6.7).</li>
 *   <li>PPIDs: 50 DCEP, 51 string, 53 binary, 56/57 empty string/binary (delivered as 51/53 with length 0);
 *       52/54 (deprecated partial) and unknown PPIDs are dropped and counted.</li>
 * </ul>
 *
 * <p>No allocation per message; opening a channel allocates (label strings, the OPEN). Owner thread only, like the
 * association.
 */
public final class DataChannels implements SctpListener {
    private static final byte FREE = 0;
    /** We sent OPEN, no ACK yet. */
    private static final byte OPENING = 1;
    private static final byte OPEN = 2;
    /** We reset our outgoing stream; waiting for the peer to reset its own. */
    private static final byte CLOSING = 3;
    /** We refused the peer's OPEN by resetting; waiting for its reset. Treated as free. */
    private static final byte REFUSED = 4;

    private final DtlsRole role;
    private final DataChannelsConfig config;
    private final DataChannelListener listener;
    private final DcepMessage message = new DcepMessage();
    private final byte[] states;
    private final byte[] types;
    private final int[] reliabilityParameters;
    private final String[] labels;
    private final String[] protocols;
    private final long[] drops = new long[DataChannelDrop.values().length];
    private final MemorySegment ack = MemorySegment.ofArray(new byte[] {DcepMessage.DATA_CHANNEL_ACK});
    private final MemorySegment emptyPayload = MemorySegment.ofArray(new byte[1]);
    private SctpAssociation association;
    private int channelCount;
    private int nextLocalStream;

    public DataChannels(final DtlsRole role, final DataChannelsConfig config, final DataChannelListener listener) {
        this.role = Objects.requireNonNull(role, "role");
        this.config = config.conclude();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.states = new byte[config.streams()];
        this.types = new byte[config.streams()];
        this.reliabilityParameters = new int[config.streams()];
        this.labels = new String[config.streams()];
        this.protocols = new String[config.streams()];
        this.nextLocalStream = role.parity();
    }

    /** Attaches the association this table sends on; call right after {@link SctpAssociation#create} (which takes {@code this} as listener). */
    public void bind(final SctpAssociation association) {
        if (this.association != null) {
            throw new IllegalStateException("DataChannels already bound to association " + this.association.id());
        }
        this.association = association;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Local operations
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Opens a channel as the WebRTC API would ({@code ordered}, {@code maxRetransmits}; -1 for reliable): what the
     * server does for a busy document's dedicated channel.
     *
     * @return the stream id (≥ 0), or a negative {@link DataChannelStatus} / {@link SctpSendStatus} code
     */
    public int open(final String label, final String protocol, final boolean ordered, final int maxRetransmits) {
        return open(label, protocol, DataChannelType.of(ordered, maxRetransmits), Math.max(0, maxRetransmits), 0);
    }

    /**
     * Opens a channel of any RFC 8832 type.
     *
     * @param reliabilityParameter retransmissions (REXMIT) or lifetime in ms (TIMED); ignored for reliable types
     * @return the stream id (≥ 0), or a negative {@link DataChannelStatus} / {@link SctpSendStatus} code
     * @throws IllegalArgumentException for an unknown type or a label/protocol over 65535 UTF-8 bytes
     */
    public int open(final String label, final String protocol, final int channelType, final long reliabilityParameter,
        final int priority) {
        if (!DataChannelType.isValid(channelType)) {
            throw new IllegalArgumentException("unknown DataChannel type 0x" + Integer.toHexString(channelType));
        }
        if (association == null || !association.isConnected()) {
            return association != null && association.isClosed() ? SctpSendStatus.CLOSED : SctpSendStatus.NOT_CONNECTED;
        }
        if (channelCount >= config.maxChannels()) {
            return DataChannelStatus.OVER_CHANNEL_CAP;
        }
        final int streamId = allocateLocalStream();
        if (streamId < 0) {
            return DataChannelStatus.NO_FREE_STREAM;
        }
        final byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        final byte[] protocolBytes = protocol.getBytes(StandardCharsets.UTF_8);
        final MemorySegment open = MemorySegment.ofArray(
            new byte[DcepMessage.OPEN_HEADER_LENGTH + labelBytes.length + protocolBytes.length]);
        final int length = DcepMessage.writeOpen(open, 0, channelType, priority, reliabilityParameter, labelBytes, protocolBytes);
        final int status = association.send(streamId, Ppid.DCEP, false, -1, open, 0, length);
        if (status != SctpSendStatus.SENT) {
            return status;
        }
        states[streamId] = OPENING;
        types[streamId] = (byte) channelType;
        reliabilityParameters[streamId] = (int) reliabilityParameter;
        labels[streamId] = label;
        protocols[streamId] = protocol;
        channelCount++;
        nextLocalStream = streamId + 2;
        return streamId;
    }

    /**
     * Sends one message on an open channel with the channel's ordering and reliability.
     *
     * @param binary PPID 53 (57 if empty) when true, 51 (56 if empty) when false
     * @return {@link SctpSendStatus#SENT} or a negative {@link SctpSendStatus} / {@link DataChannelStatus} code
     */
    public int send(final int streamId, final boolean binary, final MemorySegment segment, final long offset,
        final int lengthBytes) {
        if (streamId < 0 || streamId >= states.length || (states[streamId] != OPEN && states[streamId] != OPENING)) {
            return DataChannelStatus.NO_CHANNEL;
        }
        final int type = types[streamId] & 0xFF;
        // RFC 8832 §6: before the ACK, messages go ordered whatever the channel type.
        final boolean unordered = !DataChannelType.isOrdered(type) && states[streamId] == OPEN;
        final int ppid;
        final MemorySegment payload;
        final long payloadOffset;
        final int payloadLength;
        if (lengthBytes == 0) {
            ppid = binary ? Ppid.BINARY_EMPTY : Ppid.STRING_EMPTY;
            payload = emptyPayload;
            payloadOffset = 0;
            payloadLength = 1;
        } else {
            ppid = binary ? Ppid.BINARY : Ppid.STRING;
            payload = segment;
            payloadOffset = offset;
            payloadLength = lengthBytes;
        }
        return switch (DataChannelType.reliability(type)) {
            case DataChannelType.PARTIAL_RELIABLE_REXMIT -> association.send(streamId, ppid, unordered,
                reliabilityParameters[streamId], payload, payloadOffset, payloadLength);
            case DataChannelType.PARTIAL_RELIABLE_TIMED -> association.sendWithLifetime(streamId, ppid, unordered,
                reliabilityParameters[streamId], payload, payloadOffset, payloadLength);
            default -> association.send(streamId, ppid, unordered, -1, payload, payloadOffset, payloadLength);
        };
    }

    /**
     * Closes a channel: resets our outgoing stream. {@link DataChannelListener#onChannelClosed} follows when the peer
     * resets its side.
     *
     * @return {@link SctpSendStatus#SENT} or a negative code
     */
    public int close(final int streamId) {
        if (streamId < 0 || streamId >= states.length || (states[streamId] != OPEN && states[streamId] != OPENING)) {
            return DataChannelStatus.NO_CHANNEL;
        }
        final int status = association.resetOutgoingStream(streamId);
        if (status == SctpSendStatus.SENT) {
            states[streamId] = CLOSING;
        }
        return status;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // SctpListener: events from the association
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void onConnected() {
        listener.onAssociationUp();
    }

    @Override
    public void onMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
        final int lengthBytes) {
        switch (ppid) {
            case Ppid.DCEP -> onDcep(streamId, segment, offset, lengthBytes);
            case Ppid.STRING, Ppid.BINARY -> onUserMessage(streamId, ppid, segment, offset, lengthBytes);
            case Ppid.STRING_EMPTY -> onUserMessage(streamId, Ppid.STRING, segment, offset, 0);
            case Ppid.BINARY_EMPTY -> onUserMessage(streamId, Ppid.BINARY, segment, offset, 0);
            case Ppid.STRING_PARTIAL, Ppid.BINARY_PARTIAL -> drops[DataChannelDrop.DEPRECATED_PPID.ordinal()]++;
            default -> drops[DataChannelDrop.UNKNOWN_PPID.ordinal()]++;
        }
    }

    @Override
    public void onStreamReset(final int streamId) {
        if (streamId >= states.length) {
            return;
        }
        switch (states[streamId]) {
            case OPEN, OPENING -> {
                // The peer closed: close our direction too, and the channel is gone for the application now.
                association.resetOutgoingStream(streamId);
                closeChannel(streamId);
            }
            case CLOSING -> closeChannel(streamId);
            case REFUSED -> states[streamId] = FREE;
            default -> {
                // nothing open there
            }
        }
    }

    @Override
    public void onClosed(final SctpCloseReason reason) {
        for (int streamId = 0; streamId < states.length && channelCount > 0; streamId++) {
            final byte state = states[streamId];
            if (state == OPEN || state == OPENING || state == CLOSING) {
                closeChannel(streamId);
            }
        }
        listener.onAssociationClosed(reason);
    }

    private void onDcep(final int streamId, final MemorySegment segment, final long offset, final int lengthBytes) {
        switch (message.wrap(segment, offset, lengthBytes).parse()) {
            case OPEN -> onOpen(streamId);
            case ACK -> onAck(streamId);
            case OPEN_TOO_SHORT, OPEN_LENGTHS_OVERRUN -> refuse(streamId, DataChannelDrop.OPEN_MALFORMED);
            case UNKNOWN_CHANNEL_TYPE -> refuse(streamId, DataChannelDrop.OPEN_UNKNOWN_CHANNEL_TYPE);
            case EMPTY, UNKNOWN_MESSAGE_TYPE -> drops[DataChannelDrop.DCEP_UNKNOWN_MESSAGE.ordinal()]++;
        }
    }

    private void onOpen(final int streamId) {
        if (streamId >= states.length) {
            refuse(streamId, DataChannelDrop.OPEN_STREAM_OUT_OF_RANGE);
            return;
        }
        if (role.ownsStream(streamId)) {
            refuse(streamId, DataChannelDrop.OPEN_WRONG_PARITY);
            return;
        }
        if (inUse(streamId)) {
            drops[DataChannelDrop.OPEN_ON_OPEN_STREAM.ordinal()]++;
            return;
        }
        if (channelCount >= config.maxChannels()) {
            refuse(streamId, DataChannelDrop.OPEN_OVER_CHANNEL_CAP);
            return;
        }
        final int type = message.channelType();
        states[streamId] = OPEN;
        types[streamId] = (byte) type;
        reliabilityParameters[streamId] = (int) Math.min(Integer.MAX_VALUE, message.reliabilityParameter());
        labels[streamId] = message.label();
        protocols[streamId] = message.protocol();
        channelCount++;
        if (association.send(streamId, Ppid.DCEP, false, -1, ack, 0, DcepMessage.ACK_LENGTH) != SctpSendStatus.SENT) {
            drops[DataChannelDrop.ACK_NOT_SENT.ordinal()]++;
        }
        listener.onChannelOpen(streamId, labels[streamId], protocols[streamId], type);
    }

    private void onAck(final int streamId) {
        if (streamId < states.length && states[streamId] == OPENING) {
            markOpen(streamId);
        } else {
            drops[DataChannelDrop.ACK_UNEXPECTED.ordinal()]++;
        }
    }

    private void onUserMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
        final int lengthBytes) {
        if (streamId >= states.length) {
            drops[DataChannelDrop.NO_CHANNEL.ordinal()]++;
            return;
        }
        final byte state = states[streamId];
        if (state == OPENING) {
            markOpen(streamId); // the peer only sends after it accepted our OPEN: an implicit ACK
        } else if (state != OPEN && state != CLOSING) {
            drops[DataChannelDrop.NO_CHANNEL.ordinal()]++;
            return;
        }
        if (lengthBytes > config.maxMessageBytes()) {
            drops[DataChannelDrop.MESSAGE_TOO_BIG.ordinal()]++;
            return;
        }
        listener.onChannelMessage(streamId, ppid, segment, offset, lengthBytes);
    }

    /** Refuses a peer's OPEN: counted, and the stream reset unless a channel of ours is on it. */
    private void refuse(final int streamId, final DataChannelDrop reason) {
        drops[reason.ordinal()]++;
        if (streamId < states.length && inUse(streamId)) {
            return; // resetting would close a channel that works; the bad OPEN is just ignored
        }
        association.resetOutgoingStream(streamId);
        if (streamId < states.length) {
            states[streamId] = REFUSED;
        }
    }

    private void markOpen(final int streamId) {
        states[streamId] = OPEN;
        listener.onChannelOpen(streamId, labels[streamId], protocols[streamId], types[streamId] & 0xFF);
    }

    private void closeChannel(final int streamId) {
        states[streamId] = FREE;
        labels[streamId] = null;
        protocols[streamId] = null;
        channelCount--;
        listener.onChannelClosed(streamId);
    }

    private boolean inUse(final int streamId) {
        final byte state = states[streamId];
        return state == OPEN || state == OPENING || state == CLOSING;
    }

    /** Lowest free stream of our parity from {@link #nextLocalStream} on, wrapping once; -1 if none. */
    private int allocateLocalStream() {
        final int limit = Math.min(states.length, association.outboundStreams());
        if (limit <= role.parity()) {
            return -1;
        }
        int candidate = nextLocalStream < limit ? nextLocalStream : role.parity();
        for (int tried = 0; tried < (limit + 1) / 2; tried++) {
            if (states[candidate] == FREE || states[candidate] == REFUSED) {
                return candidate;
            }
            candidate += 2;
            if (candidate >= limit) {
                candidate = role.parity();
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Accessors
    // ---------------------------------------------------------------------------------------------------------------

    public DtlsRole role() {
        return role;
    }

    /** Channels open, opening or closing: what counts against {@link DataChannelsConfig#maxChannels()}. */
    public int channelCount() {
        return channelCount;
    }

    /** True if {@code streamId} carries a channel that can send (open, or ours awaiting its ACK). */
    public boolean isOpen(final int streamId) {
        return streamId >= 0 && streamId < states.length && (states[streamId] == OPEN || states[streamId] == OPENING);
    }

    /** The channel's {@link DataChannelType}; meaningful while it is open. */
    public int channelType(final int streamId) {
        return types[streamId] & 0xFF;
    }

    public String label(final int streamId) {
        return labels[streamId];
    }

    public String protocol(final int streamId) {
        return protocols[streamId];
    }

    /** How often {@code reason} happened; {@link DataChannelDrop#MESSAGE_TOO_BIG} includes the association's count. */
    public long drops(final DataChannelDrop reason) {
        final long own = drops[reason.ordinal()];
        return reason == DataChannelDrop.MESSAGE_TOO_BIG && association != null
            ? own + association.drops(SctpDrop.MESSAGE_TOO_BIG)
            : own;
    }
}
