package io.deltad.io.webrtc;

import io.deltad.dtls.peer.PeerCloseReason;
import io.deltad.dtls.peer.PeerConnection;
import io.deltad.dtls.peer.PeerListener;
import io.deltad.dtls.stun.ConsentFreshness;
import io.deltad.dtls.stun.IceCredentials;
import io.deltad.io.Session;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One browser (or client-role) peer as the session layer sees it: its ICE credentials, the 5-tuple ICE validated, its
 * consent clock, its {@link PeerConnection} (DTLS + SCTP + DCEP) and the staging buffer where the frames of one duty
 * cycle are packed into one DataChannel message. Created by the admission code on the signaling thread, then owned by
 * the IoAgent of its {@link WebRtcPort} for both directions.
 */
final class WebRtcSession implements PeerListener {
    /** No stream yet: the client has not opened its control channel. */
    static final int NO_STREAM = -1;

    private final WebRtcPort port;
    private final Session session;
    private final IceCredentials credentials;
    private final String id;
    private final PeerOffer offer;
    private final int stagingBytes;
    /** Confined to the IoAgent's thread, closed when the port forgets the session. */
    private Arena stagingArena;
    private MemorySegment staging;
    private PeerConnection peer;
    private ConsentFreshness consent;
    private long remoteKey = WebRtcPort.NO_ADDRESS;
    private int remoteIp;
    private int remotePort;
    private int controlStream = NO_STREAM;
    int stagedBytes;
    boolean flushQueued;
    /** Documents whose DELTAs this session gets, with their rates and dedicated channels ({@code [webrtc] dedicated_channel_threshold}). */
    final org.agrona.collections.Long2ObjectHashMap<DocChannel> docChannels = new org.agrona.collections.Long2ObjectHashMap<>();
    /** The dedicated channels now open, in no order: flushed with the control channel. */
    final java.util.ArrayList<DocChannel> dedicated = new java.util.ArrayList<>();
    private boolean ended;
    /** When the port stops mapping the ended session's 5-tuple ({@link WebRtcPort}'s linger). */
    long lingerUntilNs;

    WebRtcSession(final WebRtcPort port, final Session session, final IceCredentials credentials, final String id,
        final PeerOffer offer, final int stagingBytes) {
        this.port = port;
        this.session = session;
        this.credentials = credentials;
        this.id = id;
        this.offer = offer;
        this.stagingBytes = stagingBytes;
    }

    /** On the IoAgent's thread, which owns the session from here on. */
    void start(final PeerConnection peer, final long nowNs, final long consentTimeoutNs) {
        this.peer = peer;
        this.consent = new ConsentFreshness(nowNs, consentTimeoutNs);
        this.stagingArena = Arena.ofConfined();
        this.staging = stagingArena.allocate(stagingBytes, 8);
    }

    /** Frees the staging buffer once the port has let the session go; returns the bytes freed. */
    int releaseStaging() {
        if (stagingArena == null) {
            return 0;
        }
        stagingArena.close();
        stagingArena = null;
        return stagingBytes;
    }

    Session session() { return session; }
    IceCredentials credentials() { return credentials; }
    /** The signaling id ({@code /v1/sessions/{id}}). */
    String id() { return id; }
    PeerOffer offer() { return offer; }
    PeerConnection peer() { return peer; }
    ConsentFreshness consent() { return consent; }
    MemorySegment staging() { return staging; }
    /** The session's own native memory (staging buffers), freed with it. */
    Arena arena() { return stagingArena; }
    int controlStream() { return controlStream; }
    long remoteKey() { return remoteKey; }
    int remoteIp() { return remoteIp; }
    int remotePort() { return remotePort; }
    boolean isEnded() { return ended; }

    void remote(final long key, final int ip, final int port) {
        this.remoteKey = key;
        this.remoteIp = ip;
        this.remotePort = port;
    }

    /** Marks the session ended; false if it already was. */
    boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    // ---------------------------------------------------------------- PeerListener (owner thread)

    @Override
    public void onDatagram(final ByteBuffer datagram) {
        port.transmit(this, datagram);
    }

    @Override
    public void onConnected() {
        // Nothing to do: the client opens the control channel; until then frames wait in staging.
    }

    @Override
    public void onChannelOpen(final int streamId, final String label, final String protocol) {
        // The first channel the client opens (its parity, not ours) carries everything it sends.
        if (controlStream == NO_STREAM && !peer.channels().role().ownsStream(streamId)) {
            controlStream = streamId; // the first channel the client opens carries everything (PROTOCOL.md §1)
            port.onControlChannel(this);
        }
    }

    @Override
    public void onMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
        final int length) {
        port.onMessage(this, segment, offset, length);
    }

    @Override
    public void onChannelClosed(final int streamId) {
        if (streamId == controlStream) {
            port.end(this, PeerCloseReason.SCTP_CLOSED); // without its control channel the session cannot go on
            return;
        }
        for (int i = 0; i < dedicated.size(); i++) {
            final DocChannel channel = dedicated.get(i);
            if (channel.streamId == streamId) { // the client closed a dedicated channel: its deltas go back to control
                channel.undedicate();
                dedicated.remove(i);
                return;
            }
        }
    }

    @Override
    public void onClosed(final PeerCloseReason reason) {
        port.end(this, reason);
    }
}
