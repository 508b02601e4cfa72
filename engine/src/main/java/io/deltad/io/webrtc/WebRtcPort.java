package io.deltad.io.webrtc;

import io.deltad.dtls.demux.PacketClass;
import io.deltad.dtls.peer.PeerCloseReason;
import io.deltad.dtls.peer.PeerConnection;
import io.deltad.dtls.peer.PeerStats;
import io.deltad.dtls.stun.IceCredentials;
import io.deltad.dtls.stun.StunAddress;
import io.deltad.dtls.stun.StunDrop;
import io.deltad.dtls.stun.StunResponder;
import io.deltad.io.Session;
import io.deltad.io.SessionPort;
import io.deltad.io.packet.DatagramBurst;
import io.deltad.io.packet.PacketIo;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import io.deltad.dtls.sctp.SctpSendStatus;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.NanoClock;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The WebRTC transport of one IoAgent, behind the same {@link SessionPort} seam as the in-process one: its own UDP
 * socket ({@link PacketIo}), the ICE-lite responder, and the sessions it owns, each with its {@link PeerConnection}
 * (DTLS + SCTP + DCEP). Everything here runs on the IoAgent's thread: a session's both directions, its timers and its
 * teardown, so nothing per packet is locked (DESIGN §2).
 *
 * <p>Inbound: a receive burst is classified by first byte (RFC 7983). STUN goes to the responder, which answers
 * into the TX burst and tells {@link #onCheck} about authenticated checks: the check's source address becomes the
 * session's 5-tuple (the browser's peer-reflexive address; its offer may carry no candidate at all). DTLS goes to
 * the session the 5-tuple belongs to, and nowhere if none (BAD_INPUTS 8); complete DataChannel messages come back up
 * as {@link #onMessage} and go to the IoAgent's handler.
 *
 * <p>Outbound: the frames the IoAgent sends a session in one duty cycle are packed into its staging buffer and leave
 * as one DataChannel message at {@link #flush()} (the seed's adaptive batching); SCTP packets are encrypted by
 * DTLS straight into the TX burst, which goes out with one {@code sendmmsg}.
 */
public final class WebRtcPort implements SessionPort {
    static final long NO_ADDRESS = -1L;
    /** RFC 8831 §8: binary DataChannel message. */
    public static final int PPID_BINARY = 53;
    private static final long TIMER_INTERVAL_NS = 10_000_000L;
    private static final int MAX_BURSTS_PER_POLL = 4;
    /**
     * How long an ended session's 5-tuple stays mapped: what its peer sent before it learnt of the end (its own ABORT
     * and close_notify after a DELETE) is counted as such, not as DTLS from an unvalidated source (BAD_INPUTS 8).
     */
    private static final long LINGER_NS = 2_000_000_000L;

    private final PacketIo io;
    private final NanoClock clock;
    private final WebRtcSettings settings;
    private final WebRtcCounters counters;
    private final StunResponder responder;
    private final StunAddress source = new StunAddress();
    private final ByteBuffer txView;
    private final ByteBuffer rxView;
    private final Long2ObjectHashMap<WebRtcSession> byUfrag = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<WebRtcSession> byAddress = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<WebRtcSession> byId = new Int2ObjectHashMap<>();
    private final ArrayList<WebRtcSession> sessions = new ArrayList<>();
    private final ArrayList<WebRtcSession> toFlush = new ArrayList<>();
    private final ArrayList<WebRtcSession> ended = new ArrayList<>();
    private final ArrayList<WebRtcSession> lingering = new ArrayList<>();
    private final long[] drops = new long[WebRtcDrop.values().length];
    /** Drops counted by the sessions' DTLS, SCTP and DCEP layers, summed over this port's sessions. */
    private final PeerStats stats = new PeerStats();
    private final PeerStats collected = new PeerStats();
    private int ticksToPeerDrops;
    private Consumer<Session> sessionEnded = session -> { };
    private Consumer<Session> sessionForgotten = session -> { };
    private SessionPort.InboundHandler handler;
    private long nowNs;
    private long nextTimerNs;
    private long datagramsIn;
    private long datagramsOut;
    private long dedicatedOpened;
    private long dedicatedClosed;
    private long stagingBytes;
    private boolean closedForGood;

    public WebRtcPort(final PacketIo io, final NanoClock clock, final WebRtcSettings settings,
        final WebRtcCounters counters) {
        this.io = io;
        this.clock = clock;
        this.settings = settings;
        this.counters = counters;
        this.nowNs = clock.nanoTime();
        this.responder = new StunResponder(this::findByUfrag, this::onCheck,
            settings.unknownSourceChecksPerSec(), settings.unknownSourceChecksBurst(), nowNs);
        this.txView = io.tx().segment().asByteBuffer();
        this.rxView = io.rx().segment().asByteBuffer();
    }

    /**
     * @param sessionEnded     where sessions that end on their own (peer gone, consent expired) are handed back: the
     *                         IoAgent's detach
     * @param sessionForgotten told of every session this port let go of, however it ended (signaling's table)
     */
    public void bind(final Consumer<Session> sessionEnded, final Consumer<Session> sessionForgotten) {
        this.sessionEnded = sessionEnded;
        this.sessionForgotten = sessionForgotten;
    }

    /** The UDP address this port's candidate names. */
    public java.net.InetSocketAddress localAddress() {
        return io.localAddress();
    }

    /** Sessions owned here (IoAgent thread). */
    public int sessionCount() {
        return sessions.size();
    }

    // ---------------------------------------------------------------- attach (IoAgent thread, via execute)

    /** Starts serving a session admitted by signaling; its transport is the {@link WebRtcSession}. */
    void attach(final WebRtcSession session) {
        nowNs = clock.nanoTime();
        final long ufragKey = ufragKey(session.credentials().localUfrag());
        byUfrag.put(ufragKey, session);
        byId.put(session.session().id(), session);
        sessions.add(session);
        session.start(new PeerConnection(settings.peer(session), session), nowNs,
            settings.consentTimeoutNs());
        stagingBytes += session.staging().byteSize();
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public int poll(final SessionPort.InboundHandler handler, final int limit) {
        this.handler = handler;
        nowNs = clock.nanoTime();
        final DatagramBurst rx = io.rx();
        int total = 0;
        // Full bursts mean more is waiting: take a few before the rest of the duty cycle, so a busy socket's queue
        // does not build up (and overflow) behind one burst per cycle.
        for (int burst = 0; burst < MAX_BURSTS_PER_POLL; burst++) {
            final int received = io.receive();
            for (int i = 0; i < received; i++) {
                onDatagram(rx.segment(), rx.slotOffset(i), rx.length(i), rx.remoteIp(i), rx.remotePort(i));
            }
            total += received;
            if (received < rx.capacity()) {
                break;
            }
        }
        datagramsIn += total;
        endSessions();
        return total;
    }

    private void onDatagram(final MemorySegment segment, final long offset, final int length, final int ip,
        final int port) {
        if (length == 0) {
            drops[WebRtcDrop.UNKNOWN_PROTOCOL.ordinal()]++;
            return;
        }
        final long key = addressKey(ip, port);
        switch (PacketClass.classify(segment.get(ValueLayout.JAVA_BYTE, offset))) {
            case STUN -> {
                final DatagramBurst tx = claimableTx();
                final int slot = tx.claim();
                source.ipv4(ip, port);
                final int answer = responder.onDatagram(segment, offset, length, source, byAddress.containsKey(key),
                    nowNs, tx.segment(), tx.slotOffset(slot), tx.slotBytes());
                if (answer > 0) {
                    tx.commit(slot, answer, ip, port);
                }
            }
            case DTLS -> {
                final WebRtcSession session = byAddress.get(key);
                if (session == null || session.isEnded()) {
                    drops[(session == null ? WebRtcDrop.UNVALIDATED_SOURCE : WebRtcDrop.AFTER_CLOSE).ordinal()]++;
                    return;
                }
                rxView.limit((int) offset + length).position((int) offset);
                session.peer().onDatagram(rxView, nowNs);
            }
            default -> drops[WebRtcDrop.UNKNOWN_PROTOCOL.ordinal()]++;
        }
    }

    private IceCredentials findByUfrag(final MemorySegment segment, final long offset, final int length) {
        if (length != WebRtcSettings.UFRAG_LENGTH) {
            return null;
        }
        final WebRtcSession session = byUfrag.get(segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset));
        return session == null || session.isEnded() ? null : session.credentials();
    }

    /** An authenticated check: the source is a validated 5-tuple of the session, and consent is refreshed. */
    private void onCheck(final long handle, final StunAddress from, final boolean useCandidate, final long checkNs) {
        final WebRtcSession session = byId.get((int) handle);
        if (session == null || session.isEnded() || from.isIpv6()) {
            return;
        }
        session.consent().onAuthenticatedCheck(checkNs);
        final long key = addressKey(from.ipv4(), from.port());
        if (session.remoteKey() == key) {
            return;
        }
        // Follow the controlling agent: the first validated address, then whichever pair it nominates.
        if (session.remoteKey() == NO_ADDRESS || useCandidate) {
            if (session.remoteKey() != NO_ADDRESS) {
                byAddress.remove(session.remoteKey());
            }
            final WebRtcSession previous = byAddress.put(key, session);
            if (previous != null && previous != session) {
                previous.remote(NO_ADDRESS, 0, 0); // the address moved to a new session: the old one lost it
            }
            session.remote(key, from.ipv4(), from.port());
            if (!session.peer().isStarted()) {
                session.peer().start(checkNs); // ICE validated the peer: from now on its ClientHello is welcome
            }
        }
    }

    void onControlChannel(final WebRtcSession session) {
        queueFlush(session);
    }

    void onMessage(final WebRtcSession session, final MemorySegment segment, final long offset, final int length) {
        if (handler == null) {
            return;
        }
        handler.onMessage(session.session(), segment, offset, length);
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public boolean send(final Session session, final MemorySegment segment, final long offset, final int length) {
        final WebRtcSession peer = (WebRtcSession) session.transport();
        if (peer.isEnded()) {
            return true; // it is being torn down: the frame has nowhere to go, and that is not backpressure
        }
        if (settings.dedicatedChannelThreshold() > 0
            && (segment.get(FrameHeader.U8, offset + FrameHeader.TYPE_OFFSET) & 0xFF) == FrameType.DELTA) {
            final DocChannel channel = docChannel(peer, segment.get(FrameHeader.U64, offset + FrameHeader.DOC_ID_OFFSET));
            if (channel.isDedicated()) {
                return stage(peer, channel.staging, channel, segment, offset, length);
            }
        }
        return stage(peer, peer.staging(), null, segment, offset, length);
    }

    /**
     * Packs the frame into the staging buffer of the control channel ({@code channel} null) or of a document's
     * dedicated channel; a full buffer is sent first. False when it cannot be (SCTP's send buffer is full).
     */
    private boolean stage(final WebRtcSession peer, final MemorySegment staging, final DocChannel channel,
        final MemorySegment segment, final long offset, final int length) {
        final int staged = channel == null ? peer.stagedBytes : channel.stagedBytes;
        if (staged + length > staging.byteSize()) {
            if (!(channel == null ? flushControl(peer) : flushDedicated(peer, channel))) {
                return false;
            }
            if (length > staging.byteSize()) { // larger than a staging buffer: on its own, as one message
                final int stream = channel == null ? peer.controlStream() : channel.streamId;
                return stream != WebRtcSession.NO_STREAM
                    && peer.peer().send(stream, PPID_BINARY, segment, offset, length) == PeerConnection.SENT;
            }
        }
        final int at = channel == null ? peer.stagedBytes : channel.stagedBytes;
        MemorySegment.copy(segment, offset, staging, at, length);
        if (channel == null) {
            peer.stagedBytes += length;
        } else {
            channel.stagedBytes += length;
        }
        queueFlush(peer);
        return true;
    }

    /**
     * The document's rate entry for this session; every {@link DocChannel#WINDOW_NS} it decides: above the threshold
     * the document gets a channel of its own (the seed's channel promotion), below a quarter of it the channel is
     * closed and its deltas go back to the control channel.
     */
    private DocChannel docChannel(final WebRtcSession peer, final long docId) {
        DocChannel channel = peer.docChannels.get(docId);
        if (channel == null) {
            channel = new DocChannel(docId, nowNs); // once per (session, document): control plane
            peer.docChannels.put(docId, channel);
        }
        channel.windowCount++;
        if (nowNs - channel.windowStartNs >= DocChannel.WINDOW_NS) {
            final long perSec = channel.windowCount * DocChannel.WINDOW_NS / Math.max(1, nowNs - channel.windowStartNs);
            final long threshold = settings.dedicatedChannelThreshold();
            if (!channel.isDedicated() && perSec >= threshold) {
                promote(peer, channel);
            } else if (channel.isDedicated() && perSec < threshold / 4) {
                demote(peer, channel);
            }
            channel.windowStartNs = nowNs;
            channel.windowCount = 0;
        }
        return channel;
    }

    private void promote(final WebRtcSession peer, final DocChannel channel) {
        if (!peer.peer().isConnected() || !flushControl(peer)) {
            return; // earlier deltas of the document still wait on the control channel: try at the next window
        }
        final boolean reliable = settings.dedicatedChannelReliable();
        final int stream = peer.peer().openChannel(DocChannel.label(channel.docId), WebRtcSettings.PROTOCOL, reliable,
            reliable ? -1 : 0);
        if (stream < 0) {
            return; // channel cap or no stream: stays on the control channel
        }
        // Unreliable: one message per SCTP packet, so a lost packet loses one message, not a whole batch.
        channel.dedicate(stream, reliable ? settings.stagingBytes(peer.offer().maxMessageSize())
            : WebRtcSettings.UNRELIABLE_MESSAGE_BYTES, peer.arena());
        peer.dedicated.add(channel);
        dedicatedOpened++;
    }

    private void demote(final WebRtcSession peer, final DocChannel channel) {
        if (!flushDedicated(peer, channel)) {
            return;
        }
        peer.peer().closeChannel(channel.streamId);
        channel.undedicate();
        peer.dedicated.remove(channel);
        dedicatedClosed++;
    }

    private void queueFlush(final WebRtcSession session) {
        if (!session.flushQueued) {
            session.flushQueued = true;
            toFlush.add(session);
        }
    }

    /** Sends everything the session has staged; false if something is still there (no channel yet, SCTP full). */
    private boolean flushSession(final WebRtcSession session) {
        boolean done = flushControl(session);
        for (int i = 0, n = session.dedicated.size(); i < n; i++) {
            done &= flushDedicated(session, session.dedicated.get(i));
        }
        return done;
    }

    /** The control channel's staged frames as one message. */
    private boolean flushControl(final WebRtcSession session) {
        if (session.stagedBytes == 0) {
            return true;
        }
        if (session.controlStream() == WebRtcSession.NO_STREAM || session.isEnded()) {
            return false;
        }
        if (session.peer().send(session.controlStream(), PPID_BINARY, session.staging(), 0, session.stagedBytes)
            != PeerConnection.SENT) {
            return false;
        }
        session.stagedBytes = 0;
        return true;
    }

    private boolean flushDedicated(final WebRtcSession session, final DocChannel channel) {
        if (channel.stagedBytes == 0) {
            return true;
        }
        if (session.isEnded()) {
            return false;
        }
        final int status = session.peer().send(channel.streamId, PPID_BINARY, channel.staging, 0, channel.stagedBytes);
        if (status == SctpSendStatus.WOULD_BLOCK) {
            return false;
        }
        // Sent, or the channel is gone (the client closed it): either way these frames are done with here; the
        // client repairs any gap over the control channel (PROTOCOL.md §7).
        channel.stagedBytes = 0;
        return true;
    }

    @Override
    public int flush() {
        nowNs = clock.nanoTime();
        int work = 0;
        final int count = toFlush.size();
        int kept = 0;
        for (int i = 0; i < count; i++) {
            final WebRtcSession session = toFlush.get(i);
            if (session.isEnded() || flushSession(session)) {
                session.flushQueued = false;
                work++;
            } else {
                toFlush.set(kept++, session); // no channel yet or SCTP's buffer is full: next cycle
            }
        }
        for (int i = count - 1; i >= kept; i--) {
            toFlush.remove(i);
        }
        if (nowNs >= nextTimerNs) {
            work += runTimers();
        }
        work += sendBurst();
        endSessions();
        return work;
    }

    /** Called for each encrypted datagram a session's DTLS produces: copied into the TX burst. */
    void transmit(final WebRtcSession session, final ByteBuffer datagram) {
        if (session.remoteKey() == NO_ADDRESS) {
            drops[WebRtcDrop.NO_ROUTE.ordinal()]++;
            return;
        }
        final DatagramBurst tx = claimableTx();
        final int slot = tx.claim();
        final int length = datagram.remaining();
        if (length > tx.slotBytes()) {
            throw new IllegalStateException("datagram of " + length + " bytes exceeds the TX slot");
        }
        txView.put((int) tx.slotOffset(slot), datagram, datagram.position(), length);
        tx.commit(slot, length, session.remoteIp(), session.remotePort());
    }

    private DatagramBurst claimableTx() {
        final DatagramBurst tx = io.tx();
        if (tx.isFull()) {
            sendBurst();
        }
        return tx;
    }

    private int sendBurst() {
        final int count = io.tx().count();
        if (count > 0) {
            io.send();
            datagramsOut += count;
        }
        return count;
    }

    private int runTimers() {
        nextTimerNs = nowNs + TIMER_INTERVAL_NS;
        PeerConnection.tickSctp();
        for (int i = 0, n = sessions.size(); i < n; i++) {
            final WebRtcSession session = sessions.get(i);
            if (session.isEnded()) {
                continue;
            }
            if (session.consent().expired(nowNs)) {
                end(session, PeerCloseReason.CONSENT_EXPIRED);
                continue;
            }
            session.peer().onTimer(nowNs);
        }
        for (int i = lingering.size() - 1; i >= 0; i--) {
            final WebRtcSession session = lingering.get(i);
            if (nowNs - session.lingerUntilNs >= 0) {
                if (session.remoteKey() != NO_ADDRESS && byAddress.get(session.remoteKey()) == session) {
                    byAddress.remove(session.remoteKey());
                }
                lingering.set(i, lingering.getLast());
                lingering.removeLast();
            }
        }
        counters.publish(this);
        if (--ticksToPeerDrops <= 0) {
            ticksToPeerDrops = (int) (1_000_000_000L / TIMER_INTERVAL_NS);
            counters.publishPeerDrops(this);
        }
        return 1;
    }

    // ---------------------------------------------------------------- teardown

    /** A session ended from below (peer, consent, DTLS, SCTP): counted, and handed to the IoAgent after this call. */
    void end(final WebRtcSession session, final PeerCloseReason reason) {
        if (session.end()) {
            counters.closed(reason);
            ended.add(session);
        }
    }

    private void endSessions() {
        for (int i = 0; i < ended.size(); i++) { // detach may end no further sessions, but do not assume it
            final WebRtcSession session = ended.get(i);
            forget(session);
            session.peer().close();
            session.peer().addDropsTo(stats);
            sessionEnded.accept(session.session());
        }
        ended.clear();
    }

    @Override
    public String describe(final Session session) {
        final WebRtcSession peer = (WebRtcSession) session.transport();
        return peer.remoteKey() == NO_ADDRESS ? "webrtc (ice pending)"
            : "webrtc " + DatagramBurst.ipText(peer.remoteIp()) + ':' + peer.remotePort();
    }

    /** The IoAgent ends a session (kick, DELETE, overload, shutdown): close its transport, forget it. */
    @Override
    public void close(final Session session) {
        final WebRtcSession peer = (WebRtcSession) session.transport();
        if (peer.end()) {
            counters.closed(PeerCloseReason.LOCAL);
            peer.peer().close();
            peer.peer().addDropsTo(stats);
            forget(peer);
        }
    }

    private void forget(final WebRtcSession session) {
        final long ufragKey = ufragKey(session.credentials().localUfrag());
        if (byUfrag.get(ufragKey) == session) {
            byUfrag.remove(ufragKey);
        }
        if (session.remoteKey() != NO_ADDRESS && byAddress.get(session.remoteKey()) == session) {
            session.lingerUntilNs = nowNs + LINGER_NS; // unmapped by runTimers
            lingering.add(session);
        }
        byId.remove(session.session().id());
        sessions.remove(session);
        session.stagedBytes = 0;
        stagingBytes -= session.releaseStaging();
        sessionForgotten.accept(session.session());
    }

    /** Closes every session and the socket (shutdown, IoAgent thread). */
    @Override
    public void shutdown() {
        if (closedForGood) {
            return;
        }
        closedForGood = true;
        for (int i = sessions.size() - 1; i >= 0; i--) {
            final WebRtcSession session = sessions.get(i);
            if (session.end()) {
                counters.closed(PeerCloseReason.LOCAL);
                session.peer().close();
            }
            stagingBytes -= session.releaseStaging();
        }
        sendBurst();
        sessions.clear();
        lingering.clear();
        io.close();
    }

    // ---------------------------------------------------------------- counting

    /** What {@link WebRtcCounters} last published for this port (port's thread). */
    static final class Published {
        long datagramsIn;
        long datagramsOut;
        long sendDrops;
        long injectedDrops;
        long dedicatedOpened;
        long dedicatedClosed;
        final PeerStats peerDrops = new PeerStats();
        final long[] sessionDrops = new long[WebRtcDrop.VALUES.length];
        final long[] stunDrops = new long[StunDrop.values().length];
    }

    private final Published published = new Published();

    Published published() { return published; }
    long datagramsIn() { return datagramsIn; }
    /** Dedicated document channels opened and closed by this port. */
    long dedicatedOpened() { return dedicatedOpened; }
    long dedicatedClosed() { return dedicatedClosed; }
    long datagramsOut() { return datagramsOut; }
    long drops(final WebRtcDrop reason) { return drops[reason.ordinal()]; }
    StunResponder responder() { return responder; }
    /** Drops of the sessions that ended here plus those of the live ones (port's thread). */
    PeerStats collectPeerDrops() {
        collected.copyFrom(stats);
        for (int i = 0, n = sessions.size(); i < n; i++) {
            sessions.get(i).peer().addDropsTo(collected);
        }
        return collected;
    }
    PacketIo packetIo() { return io; }

    /** Native bytes held in the staging buffers of this port's sessions (IoAgent thread): 0 once they all ended. */
    public long stagingBytes() {
        return stagingBytes;
    }

    // ---------------------------------------------------------------- keys

    static long addressKey(final int ip, final int port) {
        return (ip & 0xFFFF_FFFFL) << 16 | (port & 0xFFFF);
    }

    /** Our ufrags are {@link WebRtcSettings#UFRAG_LENGTH} ASCII bytes: the 8 bytes as a little-endian long. */
    static long ufragKey(final byte[] ufrag) {
        return MemorySegment.ofArray(ufrag).get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
    }
}
