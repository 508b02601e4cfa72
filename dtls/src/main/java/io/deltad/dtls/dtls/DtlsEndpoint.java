package io.deltad.dtls.dtls;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One DTLS 1.2 association with one peer, over the JDK's {@link SSLEngine} in DTLS mode, driven entirely by its
 * owner: {@link #onDatagram} for input, {@link #send} for output, {@link #onTimer} for retransmissions and the
 * handshake timeout. The engine is a non-blocking state machine with no threads and no clock of its own, which is why
 * it fits an agent's duty cycle; this class supplies what it lacks (the loop, the timer, a filter in front of it, an
 * anti-replay window, the fingerprint check, a replay of our final flight) and keeps every exception inside.
 *
 * <p>The engine loop follows the shape of the JDK's own DTLS example: after every unwrap, run delegated tasks inline,
 * wrap while the engine says NEED_WRAP (one datagram per wrap: the engine packs records up to the MTU), unwrap again
 * on NEED_UNWRAP_AGAIN (records it buffered out of order), and stop at NEED_UNWRAP. A retransmission is a wrap while
 * the engine waits for input: the engine then re-sends its last flight.
 *
 * <p>Failure handling, per BAD_INPUTS 8-13: records that are malformed, forged or merely useless are discarded and
 * counted ({@link DtlsDrop}) without touching the engine where possible; errors the engine calls fatal close the
 * endpoint with a {@link DtlsFailure} (after sending the engine's alert); nothing throws out of a public method
 * except constructor argument errors.
 *
 * <p>Buffers: one direct output and one direct application buffer, sized from the engine's session (the largest
 * DTLS record, ~16.3 KB each, since the engine insists on room for one before the handshake fixes the MTU); the
 * listener sees them between position and limit and must copy what it keeps.
 *
 * <p>Not thread safe: one owner thread (the IoAgent of the session) calls every method, and the listener is called
 * back on it.
 */
public final class DtlsEndpoint {
    /** UDP payload bytes per datagram: what WebRTC stacks assume fits any path (RFC 8831 §5, libwebrtc's 1200). */
    public static final int DEFAULT_MTU_BYTES = 1200;
    public static final int MIN_MTU_BYTES = 256;
    public static final int MAX_MTU_BYTES = 16 * 1024;
    /**
     * Longest record accepted from the peer once connected, whatever our own MTU: a peer sizes its records by its own
     * MTU guess, not ours (Chromium 150's full SCTP packets arrive in 1225-byte records), and the appliance's receive
     * slots take 2048-byte datagrams.
     */
    public static final int MIN_PEER_RECORD_BYTES = 2048;
    /** Browsers give up after about 30 s as well; past that a session is dead weight. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /** Returned by {@link #onTimer} when nothing is timed. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Bounds every engine loop: the engine's documented behaviour never needs more, a bug must not spin forever. */
    private static final int MAX_PUMP_STEPS = 64;
    private static final int MAX_UNWRAP_ATTEMPTS = 4;
    private static final int MAX_SEND_ATTEMPTS = 4;
    /** Least time between two flights sent because the peer retransmitted: each costs up to an MTU of output. */
    static final long MIN_ANSWER_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Final-flight replays per session: a peer that keeps asking after this many has a problem replays won't fix. */
    static final int MAX_FINAL_FLIGHT_REPLAYS = 8;

    private static final DtlsDrop[] DROPS = DtlsDrop.values();
    private static final int SEQUENCE_BITS = 48;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
    private static final long PLACE_CHANGE_CIPHER_SPEC = 1L << 41;
    private static final long PLACE_ENCRYPTED = 1L << 42;
    /** What the engine's session reports before a suite is negotiated. */
    private static final String NO_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";

    private final DtlsRole role;
    private final DtlsFingerprint expectedPeerFingerprint;
    private final DtlsListener listener;
    private final long handshakeTimeoutNs;
    private final FingerprintTrustManager trustManager;
    private final SSLEngine engine;
    private final InboundFilter filter;
    private final RetransmitTimer retransmitTimer = new RetransmitTimer();
    private final FinalFlight finalFlight = new FinalFlight();
    private final ByteBuffer empty = ByteBuffer.allocateDirect(0);
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;
    private final ByteBuffer flightOut;
    private final int mtuBytes;
    private final long[] dropCounts = new long[DROPS.length];

    private DtlsState state = DtlsState.NEW;
    private DtlsFailure failure = DtlsFailure.NONE;
    private String failureDetail;
    private long handshakeDeadlineNs = NO_DEADLINE;
    private long lastAnswerNs = Long.MIN_VALUE / 2;
    private int maxPlaintextBytes;
    private String cipherSuite;
    private boolean flightOpen;
    private boolean retransmitting;
    private boolean connectedPending;
    private long lastQueuedPlace = -1;
    /** The engine's output packet size has been lowered to the MTU (see {@link #sizeOutput}). */
    private boolean outputSized;

    private long datagramsReceived;
    private long datagramsSent;
    private long recordsDelivered;
    private long recordsSent;
    private long retransmittedFlights;
    private long finalFlightReplays;
    private long sendsRefused;

    /** An endpoint with the default MTU (1200) and handshake timeout (30 s). */
    public DtlsEndpoint(final DtlsRole role, final DtlsCertificate certificate,
        final DtlsFingerprint expectedPeerFingerprint, final DtlsListener listener) {
        this(role, certificate, expectedPeerFingerprint, listener, DEFAULT_MTU_BYTES, DEFAULT_HANDSHAKE_TIMEOUT_NS);
    }

    /**
     * @param role                    {@link DtlsRole#SERVER} for {@code a=setup:passive}
     * @param certificate             ours, presented in either role
     * @param expectedPeerFingerprint from the peer's SDP {@code a=fingerprint}: the only certificate accepted
     * @param listener                receives datagrams, data and events on the owner thread
     * @param mtuBytes                largest UDP payload sent (what we receive is bounded by
     *                                {@link #MIN_PEER_RECORD_BYTES}, or the MTU if larger)
     * @param handshakeTimeoutNs      from {@link #start} to connected, else {@link DtlsFailure#HANDSHAKE_TIMEOUT}
     * @throws IllegalArgumentException on a bad MTU or timeout
     */
    public DtlsEndpoint(final DtlsRole role, final DtlsCertificate certificate,
        final DtlsFingerprint expectedPeerFingerprint, final DtlsListener listener, final int mtuBytes,
        final long handshakeTimeoutNs) {
        if (mtuBytes < MIN_MTU_BYTES || mtuBytes > MAX_MTU_BYTES) {
            throw new IllegalArgumentException(
                "mtuBytes must be in " + MIN_MTU_BYTES + ".." + MAX_MTU_BYTES + ": " + mtuBytes);
        }
        if (handshakeTimeoutNs <= 0) {
            throw new IllegalArgumentException("handshakeTimeoutNs must be positive: " + handshakeTimeoutNs);
        }
        this.role = role;
        this.expectedPeerFingerprint = expectedPeerFingerprint;
        this.listener = listener;
        this.handshakeTimeoutNs = handshakeTimeoutNs;
        this.trustManager = new FingerprintTrustManager(expectedPeerFingerprint);
        this.engine = certificate.newSslContext(trustManager).createSSLEngine();
        this.mtuBytes = mtuBytes;
        // The engine has one packet size for both directions, and the one its session has when the handshake creates
        // it is also the longest record it accepts (a longer one is fatal). So it is configured with what we accept
        // from the peer, and its output is lowered to our MTU once the session exists (sizeOutput).
        final int peerRecordBytes = Math.max(mtuBytes, MIN_PEER_RECORD_BYTES);
        final int[] suites = DtlsParameters.configure(engine, role, peerRecordBytes);
        final int packetBufferBytes = engine.getSession().getPacketBufferSize();
        this.netOut = ByteBuffer.allocateDirect(packetBufferBytes);
        this.appIn = ByteBuffer.allocateDirect(engine.getSession().getApplicationBufferSize());
        this.flightOut = ByteBuffer.allocateDirect(mtuBytes);
        this.filter = new InboundFilter(role, suites, packetBufferBytes, peerRecordBytes);
    }

    /**
     * Starts the handshake clock; the client sends its ClientHello. Datagrams before this are dropped
     * ({@link DtlsDrop#NOT_STARTED}): the session layer starts the endpoint when ICE has validated the 5-tuple.
     */
    public void start(final long nowNs) {
        if (state != DtlsState.NEW) {
            return;
        }
        state = DtlsState.HANDSHAKING;
        handshakeDeadlineNs = nowNs + handshakeTimeoutNs;
        try {
            engine.beginHandshake();
            pump(nowNs);
        } catch (final SSLException ex) {
            fail(classify(), ex);
        } catch (final RuntimeException ex) {
            fail(DtlsFailure.INTERNAL_ERROR, ex);
        }
        announceConnected();
    }

    /**
     * One UDP payload from the peer, holding one or more DTLS records (bytes between position and limit; the
     * position ends at the limit). Advances the handshake, delivers application data through
     * {@link DtlsListener#onApplicationData}, and may send datagrams. Never throws: bad records are dropped and
     * counted, fatal errors close the endpoint.
     *
     * @param nowNs the owner's clock, to time the flight this datagram may provoke
     */
    public void onDatagram(final ByteBuffer datagram, final long nowNs) {
        final int limit = datagram.limit();
        if (state == DtlsState.NEW || state == DtlsState.CLOSED) {
            drop(state == DtlsState.NEW ? DtlsDrop.NOT_STARTED : DtlsDrop.AFTER_CLOSE);
            datagram.position(limit);
            return;
        }
        datagramsReceived++;
        boolean answered = false;
        int record = datagram.position();
        try {
            while (record < limit && state != DtlsState.CLOSED) {
                if (limit - record < DtlsRecord.HEADER_LENGTH) {
                    drop(DtlsDrop.MALFORMED_RECORD);
                    break;
                }
                final int end = record + DtlsRecord.HEADER_LENGTH + DtlsRecord.length(datagram, record);
                if (end > limit) {
                    drop(DtlsDrop.MALFORMED_RECORD);
                    break;
                }
                final DtlsDrop verdict = filter.inspect(datagram, record, end, state == DtlsState.CONNECTED);
                if (verdict == null) {
                    unwrapRecord(datagram, record, end, nowNs);
                    datagram.limit(limit);
                } else {
                    drop(verdict);
                    if (verdict == DtlsDrop.PEER_RETRANSMISSION && !answered) {
                        answered = answerPeerRetransmission(nowNs);
                    }
                }
                record = end;
            }
        } catch (final RuntimeException ex) {
            fail(DtlsFailure.INTERNAL_ERROR, ex);
        } finally {
            datagram.limit(limit);
            datagram.position(limit);
        }
        announceConnected();
    }

    /**
     * Encrypts {@code plaintext} (position to limit, consumed) into one record and sends it as one datagram.
     *
     * @return false, sending nothing, if not connected or if the plaintext is empty or longer than
     *     {@link #maxPlaintextBytes()} (one record must fit one datagram: an SCTP packet cannot be split)
     */
    public boolean send(final ByteBuffer plaintext) {
        final int length = plaintext.remaining();
        if (state != DtlsState.CONNECTED || length == 0 || length > maxPlaintextBytes) {
            sendsRefused++;
            return false;
        }
        try {
            flushQueued();
            for (int attempt = 0; attempt < MAX_SEND_ATTEMPTS; attempt++) {
                netOut.clear();
                final SSLEngineResult result = engine.wrap(plaintext, netOut);
                netOut.flip();
                if (netOut.hasRemaining()) {
                    emit(netOut);
                }
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    fail(DtlsFailure.PROTOCOL_ERROR, null);
                    return false;
                }
                if (result.bytesConsumed() > 0) {
                    recordsSent++;
                    return true;
                }
                // Consumed nothing: the engine flushed a pending handshake record first. Go again.
            }
        } catch (final SSLException ex) {
            fail(classify(), ex);
        } catch (final RuntimeException ex) {
            fail(DtlsFailure.INTERNAL_ERROR, ex);
        }
        sendsRefused++;
        return false;
    }

    /**
     * Retransmits the current flight when its timer is due, and closes with {@link DtlsFailure#HANDSHAKE_TIMEOUT}
     * when the handshake has taken too long. Call it every duty cycle or at the deadline it returns.
     *
     * @return the next time this needs calling, or {@link #NO_DEADLINE}
     */
    public long onTimer(final long nowNs) {
        if (state != DtlsState.HANDSHAKING) {
            return NO_DEADLINE;
        }
        if (nowNs - handshakeDeadlineNs >= 0) {
            fail(DtlsFailure.HANDSHAKE_TIMEOUT, null);
            return NO_DEADLINE;
        }
        if (retransmitTimer.isDue(nowNs)) {
            retransmit(nowNs);
            retransmitTimer.onRetransmitted(nowNs);
        }
        announceConnected();
        return state == DtlsState.HANDSHAKING ? Math.min(handshakeDeadlineNs, retransmitTimer.deadlineNs()) : NO_DEADLINE;
    }

    /** The deadline {@link #onTimer} last computed or that a flight sent since has set. */
    public long nextDeadlineNs() {
        return state == DtlsState.HANDSHAKING ? Math.min(handshakeDeadlineNs, retransmitTimer.deadlineNs()) : NO_DEADLINE;
    }

    /** Sends close_notify (when there is a connection to close) and closes with {@link DtlsFailure#LOCAL_CLOSE}. */
    public void close() {
        if (state == DtlsState.CLOSED) {
            return;
        }
        if (state != DtlsState.NEW) {
            engine.closeOutbound();
            flushAlert();
        }
        finish(DtlsFailure.LOCAL_CLOSE);
    }

    public DtlsState state() {
        return state;
    }

    /** Why the endpoint closed, {@link DtlsFailure#NONE} while open. */
    public DtlsFailure failure() {
        return failure;
    }

    /** The engine's message for the failure, for the distinct-error log; null if none. */
    public String failureDetail() {
        return failureDetail;
    }

    public DtlsRole role() {
        return role;
    }

    public DtlsFingerprint expectedPeerFingerprint() {
        return expectedPeerFingerprint;
    }

    /**
     * Lowers the engine's output packet size to the MTU as soon as the handshake session exists. The session took
     * its packet size (the longest record it accepts) from the configuration when the handshake created it, on
     * either side before any flight of ours that follows the hello; changing the configuration afterwards changes only
     * how the engine fragments its output ({@code SSLEngine.setSSLParameters} resizes the output record). The
     * ClientHello (client role), produced before, is one small record anyway.
     */
    private void sizeOutput() {
        if (outputSized || (engine.getHandshakeSession() == null && state != DtlsState.CONNECTED)) {
            return;
        }
        outputSized = true;
        final SSLParameters parameters = engine.getSSLParameters();
        parameters.setMaximumPacketSize(mtuBytes);
        engine.setSSLParameters(parameters);
    }

    /** Largest plaintext {@link #send} accepts: the MTU minus record overhead of the negotiated suite; 0 before. */
    public int maxPlaintextBytes() {
        return maxPlaintextBytes;
    }

    /** The negotiated cipher suite, null until connected. */
    public String cipherSuite() {
        return cipherSuite;
    }

    public long dropCount(final DtlsDrop reason) {
        return dropCounts[reason.ordinal()];
    }

    /** Records discarded for any reason. */
    public long droppedRecords() {
        long total = 0;
        for (final long count : dropCounts) {
            total += count;
        }
        return total;
    }

    public long datagramsReceived() {
        return datagramsReceived;
    }

    public long datagramsSent() {
        return datagramsSent;
    }

    /** Application-data records delivered to the listener. */
    public long recordsDelivered() {
        return recordsDelivered;
    }

    /** Application-data records sent by {@link #send}. */
    public long recordsSent() {
        return recordsSent;
    }

    /** Flights re-sent because their timer ran out. */
    public long retransmittedFlights() {
        return retransmittedFlights;
    }

    /** Times our final flight was sent again because the peer retransmitted its own (see {@link FinalFlight}). */
    public long finalFlightReplays() {
        return finalFlightReplays;
    }

    /** {@link #send} calls that returned false. */
    public long sendsRefused() {
        return sendsRefused;
    }

    private void unwrapRecord(final ByteBuffer datagram, final int record, final int end, final long nowNs) {
        final int type = DtlsRecord.type(datagram, record);
        datagram.position(record);
        datagram.limit(end);
        try {
            for (int attempt = 0; attempt < MAX_UNWRAP_ATTEMPTS && datagram.hasRemaining(); attempt++) {
                appIn.clear();
                final SSLEngineResult result = engine.unwrap(datagram, appIn);
                if (type != DtlsRecord.APPLICATION_DATA && result.bytesConsumed() > 0) {
                    // The peer answered: whatever we send next starts a new flight.
                    flightOpen = false;
                }
                if (!onUnwrapped(result, type)) {
                    return;
                }
                // The engine consumes nothing while it has tasks to run or records to send: do that, then retry.
                pump(nowNs);
                if (state == DtlsState.CLOSED) {
                    return;
                }
            }
            if (datagram.hasRemaining()) {
                drop(DtlsDrop.NOT_CONSUMED);
            }
        } catch (final SSLException ex) {
            fail(classify(), ex);
        }
    }

    /** @return false if the record is finished with (dropped, or the endpoint closed) */
    private boolean onUnwrapped(final SSLEngineResult result, final int type) {
        switch (result.getStatus()) {
            case OK -> {
                if (result.bytesProduced() > 0) {
                    deliver(result.sequenceNumber());
                } else if (type == DtlsRecord.APPLICATION_DATA && result.bytesConsumed() > 0) {
                    // The engine swallows records it cannot authenticate (RFC 6347 §4.1.2.7): that is our count.
                    drop(DtlsDrop.UNAUTHENTICATED);
                }
            }
            case CLOSED -> {
                // close_notify from the peer; the engine may owe it one back.
                flushAlert();
                finish(DtlsFailure.PEER_CLOSED);
                return false;
            }
            case BUFFER_UNDERFLOW -> {
                drop(DtlsDrop.MALFORMED_RECORD);
                return false;
            }
            case BUFFER_OVERFLOW -> {
                drop(DtlsDrop.OVERSIZE_RECORD);
                return false;
            }
        }
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            onHandshakeFinished();
        }
        return state != DtlsState.CLOSED;
    }

    /** @param epochAndSequence as the engine reports it: epoch in the top 16 bits, sequence number below */
    private void deliver(final long epochAndSequence) {
        if (state != DtlsState.CONNECTED) {
            drop(DtlsDrop.UNEXPECTED_CONTENT);
            return;
        }
        if (epochAndSequence >>> SEQUENCE_BITS == 1) {
            filter.onAuthenticated(epochAndSequence & SEQUENCE_MASK);
        }
        appIn.flip();
        recordsDelivered++;
        listener.onApplicationData(appIn);
    }

    /**
     * Runs the engine until it waits for input: delegated tasks inline, wraps while it has records to send, unwraps
     * of what it buffered. Bounded, so a misbehaving engine cannot stall the agent.
     */
    private void pump(final long nowNs) throws SSLException {
        try {
            runEngine(nowNs);
        } finally {
            flushQueued();
        }
    }

    private void runEngine(final long nowNs) throws SSLException {
        for (int step = 0; step < MAX_PUMP_STEPS && state != DtlsState.CLOSED; step++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runDelegatedTasks();
                case NEED_WRAP -> {
                    if (!wrapHandshake(nowNs)) {
                        return;
                    }
                }
                case NEED_UNWRAP_AGAIN -> {
                    appIn.clear();
                    final SSLEngineResult result = engine.unwrap(empty, appIn);
                    if (!onUnwrapped(result, DtlsRecord.HANDSHAKE)) {
                        return;
                    }
                }
                case NOT_HANDSHAKING -> {
                    if (state == DtlsState.HANDSHAKING && !engine.isOutboundDone()
                        && !NO_CIPHER_SUITE.equals(engine.getSession().getCipherSuite())) {
                        // Negotiated without a FINISHED status (never seen for DTLS 1.2; cheap to cover).
                        onHandshakeFinished();
                    }
                    return;
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** @return true if the engine made progress (produced a record or changed its mind about wrapping) */
    private boolean wrapHandshake(final long nowNs) throws SSLException {
        sizeOutput();
        netOut.clear();
        final SSLEngineResult result = engine.wrap(empty, netOut);
        netOut.flip();
        final boolean produced = netOut.hasRemaining();
        if (produced) {
            if (state == DtlsState.HANDSHAKING && !retransmitting && !flightOpen) {
                flightOpen = true;
                finalFlight.reset();
                filter.onNewFlight();
                retransmitTimer.onNewFlight(nowNs);
            }
            filter.onOutbound(netOut);
            queue(netOut);
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            flushQueued();
            finish(state == DtlsState.CONNECTED ? DtlsFailure.PROTOCOL_ERROR : DtlsFailure.HANDSHAKE_FAILED);
            return false;
        }
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            // We spoke last: this flight is the one to replay if the peer says it lost it.
            flushQueued();
            finalFlight.seal();
            onHandshakeFinished();
        }
        return produced || result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
    }

    /**
     * Packs handshake records into as few datagrams as the MTU allows (RFC 6347 §4.1.1 allows several records per
     * datagram). The engine returns one record per wrap, so a server flight would otherwise be five datagrams, each
     * of which can be lost on its own. A record that is not further along the flight than the last one queued means
     * the engine started the flight over (it sends its final flight twice on purpose, and retransmits whole flights):
     * that copy gets a datagram of its own, so each copy is lost or delivered whole. Whole matters: the JDK client
     * that receives a server's ChangeCipherSpec and Finished without the NewSessionTicket before them fails the
     * Finished check instead of waiting for the ticket.
     */
    private void queue(final ByteBuffer records) {
        final long place = placeInFlight(records, records.position());
        if (records.remaining() > flightOut.remaining() || place <= lastQueuedPlace) {
            flushQueued();
        }
        lastQueuedPlace = place;
        if (records.remaining() > flightOut.remaining()) {
            emit(records);
            return;
        }
        flightOut.put(records);
    }

    /**
     * Orders the records of a flight: epoch-0 handshake fragments by (message_seq, fragment_offset), then
     * ChangeCipherSpec, then the encrypted Finished.
     */
    private static long placeInFlight(final ByteBuffer records, final int record) {
        final int type = DtlsRecord.type(records, record);
        if (type == DtlsRecord.CHANGE_CIPHER_SPEC) {
            return PLACE_CHANGE_CIPHER_SPEC;
        }
        if (type != DtlsRecord.HANDSHAKE || DtlsRecord.epoch(records, record) != 0) {
            return PLACE_ENCRYPTED;
        }
        final int fragment = record + DtlsRecord.HEADER_LENGTH;
        return ((long) DtlsRecord.u16(records, fragment + DtlsRecord.MSG_SEQ_OFFSET) << 24)
            | DtlsRecord.u24(records, fragment + DtlsRecord.FRAGMENT_OFFSET_OFFSET);
    }

    private void flushQueued() {
        if (flightOut.position() == 0) {
            return;
        }
        flightOut.flip();
        if (state == DtlsState.HANDSHAKING && !retransmitting) {
            finalFlight.append(flightOut);
        }
        emit(flightOut);
        flightOut.clear();
        lastQueuedPlace = -1;
    }

    private void retransmit(final long nowNs) {
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
            retransmitting = true;
            try {
                // A wrap while the engine waits for input means "the flight was lost": it re-sends the whole flight.
                if (wrapHandshake(nowNs)) {
                    pump(nowNs);
                }
                flushQueued();
                retransmittedFlights++;
            } catch (final SSLException ex) {
                fail(classify(), ex);
                return;
            } catch (final RuntimeException ex) {
                fail(DtlsFailure.INTERNAL_ERROR, ex);
                return;
            } finally {
                retransmitting = false;
            }
        }
    }

    /**
     * RFC 6347 §4.2.4: a peer that retransmits a flight we answered has lost our answer, so send it again now rather
     * than at our timer (Chromium's first retransmission comes after ~200 ms, ours after 1 s). Rate-limited, because
     * a forged retransmission must not turn the endpoint into an amplifier.
     */
    private boolean answerPeerRetransmission(final long nowNs) {
        if (state == DtlsState.CONNECTED) {
            return replayFinalFlight();
        }
        if (state != DtlsState.HANDSHAKING || nowNs - lastAnswerNs < MIN_ANSWER_INTERVAL_NS) {
            return false;
        }
        lastAnswerNs = nowNs;
        retransmit(nowNs);
        // The peer is alive and asking: no back-off (RFC 6347 §4.2.4 doubles only when the timer expires).
        retransmitTimer.onAnswered(nowNs);
        return true;
    }

    private boolean replayFinalFlight() {
        if (finalFlightReplays >= MAX_FINAL_FLIGHT_REPLAYS || !finalFlight.isReplayable()) {
            return false;
        }
        finalFlightReplays++;
        datagramsSent += finalFlight.replay(listener);
        return true;
    }

    /**
     * The engine finished the handshake. The trust manager has already refused any other certificate; this checks
     * again against the session, so that no path through the engine (resumption, a future default) can skip it.
     */
    private void onHandshakeFinished() {
        if (state != DtlsState.HANDSHAKING) {
            return;
        }
        final X509Certificate peer = peerCertificate();
        if (peer == null || !expectedPeerFingerprint.matches(peer)) {
            failureDetail = peer == null ? "peer presented no certificate" : "peer certificate does not match";
            closeEngineQuietly();
            finish(DtlsFailure.FINGERPRINT_MISMATCH);
            return;
        }
        state = DtlsState.CONNECTED;
        retransmitTimer.cancel();
        sizeOutput();
        // The session's sizes are those of the longest record the peer may send; ours must fit the MTU. An AEAD
        // record's overhead (header, explicit nonce, tag) does not depend on its length.
        final int overhead = engine.getSession().getPacketBufferSize() - engine.getSession().getApplicationBufferSize();
        maxPlaintextBytes = Math.min(engine.getSession().getApplicationBufferSize(), mtuBytes - overhead);
        cipherSuite = engine.getSession().getCipherSuite();
        // Told at the end of the current call, once the engine has sent everything it wanted to: a listener that
        // sends from onConnected must not find handshake records still queued ahead of its data.
        connectedPending = true;
    }

    private X509Certificate peerCertificate() {
        try {
            final Certificate[] chain = engine.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (final SSLPeerUnverifiedException ex) {
            return null;
        }
    }

    private void announceConnected() {
        if (connectedPending && state == DtlsState.CONNECTED) {
            connectedPending = false;
            listener.onConnected();
        }
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void emit(final ByteBuffer datagram) {
        datagramsSent++;
        listener.onDatagram(datagram);
    }

    private DtlsFailure classify() {
        if (trustManager.rejected()) {
            return DtlsFailure.FINGERPRINT_MISMATCH;
        }
        return state == DtlsState.CONNECTED ? DtlsFailure.PROTOCOL_ERROR : DtlsFailure.HANDSHAKE_FAILED;
    }

    private void fail(final DtlsFailure reason, final Throwable cause) {
        if (state == DtlsState.CLOSED) {
            return;
        }
        if (cause != null) {
            failureDetail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        // After a fatal error the engine has an alert queued; sending it tells the peer why, instead of a timeout.
        if (reason != DtlsFailure.HANDSHAKE_TIMEOUT) {
            flushAlert();
        }
        closeEngineQuietly();
        finish(reason);
    }

    private void flushAlert() {
        flushQueued();
        try {
            for (int i = 0; i < MAX_SEND_ATTEMPTS; i++) {
                netOut.clear();
                engine.wrap(empty, netOut);
                netOut.flip();
                if (!netOut.hasRemaining()) {
                    return;
                }
                emit(netOut);
            }
        } catch (final SSLException | RuntimeException ex) {
            // The engine is already broken; the alert is a courtesy.
        }
    }

    private void closeEngineQuietly() {
        engine.closeOutbound();
        try {
            engine.closeInbound();
        } catch (final SSLException ex) {
            // "closing inbound before receiving peer's close_notify": expected, we are abandoning the association.
        }
    }

    private void finish(final DtlsFailure reason) {
        if (state == DtlsState.CLOSED) {
            return;
        }
        state = DtlsState.CLOSED;
        failure = reason;
        connectedPending = false;
        retransmitTimer.cancel();
        if (!engine.isOutboundDone() || !engine.isInboundDone()) {
            closeEngineQuietly();
        }
        listener.onClosed(reason);
    }

    private void drop(final DtlsDrop reason) {
        dropCounts[reason.ordinal()]++;
    }
}
