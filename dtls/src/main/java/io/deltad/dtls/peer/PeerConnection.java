package io.deltad.dtls.peer;

import io.deltad.dtls.dcep.DataChannelListener;
import io.deltad.dtls.dcep.DataChannels;
import io.deltad.dtls.dcep.DataChannelsConfig;
import io.deltad.dtls.dtls.DtlsEndpoint;
import io.deltad.dtls.dtls.DtlsFailure;
import io.deltad.dtls.dtls.DtlsListener;
import io.deltad.dtls.dtls.DtlsState;
import io.deltad.dtls.sctp.SctpAssociation;
import io.deltad.dtls.sctp.SctpAssociationConfig;
import io.deltad.dtls.sctp.SctpCloseReason;
import io.deltad.dtls.sctp.SctpPacketSink;
import io.deltad.dtls.sctp.SctpSendStatus;
import io.deltad.dtls.sctp.SctpStack;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One WebRTC DataChannel transport end to end, as RFC 8831 stacks it: DTLS ({@link DtlsEndpoint}) carries SCTP
 * ({@link SctpAssociation}, usrsctp over AF_CONN) which carries DCEP and the channels' messages ({@link DataChannels}).
 * ICE is the owner's business: it feeds this the datagrams of the validated 5-tuple and sends what
 * {@link PeerListener#onDatagram} hands it. The same class serves the appliance (DTLS server) and deltad's own client
 * role (DTLS client).
 *
 * <p>Data path, no allocation per message: an inbound datagram is decrypted by DTLS into its buffer, which usrsctp
 * reads in place; a message sent goes to usrsctp by address, and each SCTP packet it emits is copied once into a
 * buffer that DTLS encrypts into its datagram buffer.
 *
 * <p>One owner thread (the IoAgent's, or the client's): every method, and every callback, runs on it.
 */
public final class PeerConnection implements DtlsListener, SctpPacketSink, DataChannelListener {
    /** {@link #send} succeeded. */
    public static final int SENT = SctpSendStatus.SENT;
    /** RFC 8831 §8 PPIDs. */
    public static final int PPID_BINARY = 53;

    private final PeerSettings settings;
    private final int associationId;
    private final PeerListener listener;
    private final DtlsEndpoint dtls;
    private final DataChannels channels;
    private final ByteBuffer sctpOut;
    private final MemorySegment sctpOutSegment;
    private SctpAssociation sctp;
    private ByteBuffer lastAppBuffer;
    private MemorySegment lastAppSegment;
    private boolean closed;

    /** Integer ids for the AF_CONN addresses usrsctp sees (never pointers, CVE-2020-6514), unique in the process. */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_ASSOCIATION_ID = new java.util.concurrent.atomic.AtomicInteger();

    public PeerConnection(final PeerSettings settings, final PeerListener listener) {
        this.settings = settings;
        this.associationId = NEXT_ASSOCIATION_ID.incrementAndGet() & Integer.MAX_VALUE;
        this.listener = listener;
        this.dtls = new DtlsEndpoint(settings.role(), settings.certificate(), settings.remoteFingerprint(), this,
            settings.mtuBytes(), settings.handshakeTimeoutNs());
        this.channels = new DataChannels(settings.role(), new DataChannelsConfig()
            .maxChannels(settings.maxChannels()).maxMessageBytes(settings.maxMessageBytes()).conclude(), this);
        this.sctpOut = ByteBuffer.allocateDirect(settings.mtuBytes()); // SCTP packets are sized to the record payload, below the MTU
        this.sctpOutSegment = MemorySegment.ofBuffer(sctpOut);
    }

    /** Starts DTLS: the client sends its ClientHello; the server accepts one from now on. Once ICE validated the peer. */
    public void start(final long nowNs) {
        dtls.start(nowNs);
    }

    public boolean isStarted() {
        return dtls.state() != DtlsState.NEW;
    }

    /** One datagram from the peer's validated address (DTLS records; the demultiplexer has checked the first byte). */
    public void onDatagram(final ByteBuffer datagram, final long nowNs) {
        if (!closed) {
            dtls.onDatagram(datagram, nowNs);
        }
    }

    /**
     * Sends one binary message on a DataChannel; returns {@link #SENT} or a negative {@link SctpSendStatus} code
     * ({@link SctpSendStatus#WOULD_BLOCK} when SCTP's send buffer is full: try again later).
     */
    public int send(final int streamId, final int ppid, final MemorySegment segment, final long offset, final int length) {
        if (sctp == null || closed) {
            return SctpSendStatus.NOT_CONNECTED;
        }
        return channels.send(streamId, ppid != 51 && ppid != 56, segment, offset, length);
    }

    /** Opens a DataChannel from our side (DCEP OPEN); returns its stream id or a negative code. */
    public int openChannel(final String label, final String protocol, final boolean ordered, final int maxRetransmits) {
        if (sctp == null || closed) {
            return SctpSendStatus.NOT_CONNECTED;
        }
        return channels.open(label, protocol, ordered, maxRetransmits);
    }

    /** Closes one DataChannel (stream reset). */
    public int closeChannel(final int streamId) {
        return sctp == null || closed ? SctpSendStatus.NOT_CONNECTED : channels.close(streamId);
    }

    /** DTLS retransmission and handshake timeout; SCTP packets parked by other threads' timers. */
    public long onTimer(final long nowNs) {
        if (closed) {
            return DtlsEndpoint.NO_DEADLINE;
        }
        if (sctp != null) {
            sctp.drainDeferred();
        }
        return dtls.onTimer(nowNs);
    }

    /** usrsctp's timers for every association of the process; any thread, as often as it likes ({@link SctpStack#tick}). */
    public static int tickSctp() {
        return SctpStack.get().tick();
    }

    /** Ends the connection: SCTP ABORT, DTLS close_notify. {@link PeerListener#onClosed} follows with LOCAL. */
    public void close() {
        if (closed) {
            return;
        }
        if (sctp != null && !sctp.isClosed()) {
            sctp.close();
        }
        dtls.close();
        closeWith(PeerCloseReason.LOCAL);
    }

    public boolean isClosed() { return closed; }
    public boolean isConnected() { return sctp != null && sctp.isConnected() && !closed; }
    public DtlsEndpoint dtls() { return dtls; }
    public DataChannels channels() { return channels; }
    /** The SCTP association, null until DTLS is connected. */
    public SctpAssociation sctp() { return sctp; }

    /** Adds this connection's drop counts to {@code stats}. */
    public void addDropsTo(final PeerStats stats) {
        for (int i = 0; i < PeerStats.DTLS.length; i++) {
            stats.dtls[i] += dtls.dropCount(PeerStats.DTLS[i]);
        }
        if (sctp != null) {
            for (int i = 0; i < PeerStats.SCTP.length; i++) {
                stats.sctp[i] += sctp.drops(PeerStats.SCTP[i]);
            }
        }
        for (int i = 0; i < PeerStats.DCEP.length; i++) {
            stats.dcep[i] += channels.drops(PeerStats.DCEP[i]);
        }
    }

    private void closeWith(final PeerCloseReason reason) {
        if (!closed) {
            closed = true;
            listener.onClosed(reason);
        }
    }

    // ---------------------------------------------------------------- DTLS below

    @Override
    public void onDatagram(final ByteBuffer datagram) {
        listener.onDatagram(datagram);
    }

    @Override
    public void onApplicationData(final ByteBuffer data) {
        if (sctp == null || closed) {
            return;
        }
        if (data != lastAppBuffer) { // DTLS decrypts into one buffer of its own: view it as a segment once
            lastAppBuffer = data;
            lastAppSegment = MemorySegment.ofBuffer(data.duplicate().clear());
        }
        sctp.input(lastAppSegment, data.position(), data.remaining());
    }

    @Override
    public void onConnected() {
        if (closed) {
            return;
        }
        sctp = SctpAssociation.create(associationId, this, channels, new SctpAssociationConfig()
            .localPort(settings.localSctpPort()).remotePort(settings.remoteSctpPort())
            .maxReceiveMessageBytes(settings.maxMessageBytes())
            .maxSendMessageBytes((int) Math.min(Integer.MAX_VALUE, settings.remoteMaxMessageSize() <= 0
                ? SctpAssociationConfig.MAX_MESSAGE_BYTES_DEFAULT : settings.remoteMaxMessageSize()))
            .maxPacketBytes(dtls.maxPlaintextBytes()).conclude());
        channels.bind(sctp);
    }

    @Override
    public void onClosed(final DtlsFailure reason) {
        if (sctp != null && !sctp.isClosed()) {
            sctp.close();
        }
        closeWith(switch (reason) {
            case LOCAL_CLOSE, NONE -> PeerCloseReason.LOCAL;
            case FINGERPRINT_MISMATCH -> PeerCloseReason.FINGERPRINT_MISMATCH;
            case HANDSHAKE_TIMEOUT -> PeerCloseReason.HANDSHAKE_TIMEOUT;
            default -> PeerCloseReason.DTLS_FAILED;
        });
    }

    // ---------------------------------------------------------------- SCTP below

    @Override
    public void onSctpPacket(final MemorySegment packet, final int lengthBytes) {
        if (closed && dtls.state() == DtlsState.CLOSED) {
            return;
        }
        if (lengthBytes > sctpOut.capacity()) {
            return; // sized to fit by maxPacketBytes: cannot happen; SCTP would retransmit anyway
        }
        MemorySegment.copy(packet, 0, sctpOutSegment, 0, lengthBytes);
        sctpOut.clear().limit(lengthBytes);
        dtls.send(sctpOut);
    }

    // ---------------------------------------------------------------- DataChannels above

    @Override
    public void onAssociationUp() {
        listener.onConnected();
    }

    @Override
    public void onAssociationClosed(final SctpCloseReason reason) {
        closeWith(reason == SctpCloseReason.LOCAL ? PeerCloseReason.LOCAL : PeerCloseReason.SCTP_CLOSED);
    }

    @Override
    public void onChannelOpen(final int streamId, final String label, final String protocol, final int channelType) {
        listener.onChannelOpen(streamId, label, protocol);
    }

    @Override
    public void onChannelMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
        final int lengthBytes) {
        listener.onMessage(streamId, ppid, segment, offset, lengthBytes);
    }

    @Override
    public void onChannelClosed(final int streamId) {
        listener.onChannelClosed(streamId);
    }
}
