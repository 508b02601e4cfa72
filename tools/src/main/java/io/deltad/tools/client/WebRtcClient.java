package io.deltad.tools.client;

import io.deltad.dtls.demux.PacketClass;
import io.deltad.dtls.dtls.DtlsCertificate;
import io.deltad.dtls.dtls.DtlsFingerprint;
import io.deltad.dtls.dtls.DtlsRole;
import io.deltad.dtls.peer.PeerCloseReason;
import io.deltad.dtls.peer.PeerConnection;
import io.deltad.dtls.peer.PeerListener;
import io.deltad.dtls.peer.PeerSettings;
import io.deltad.dtls.stun.StunBindingClient;
import io.deltad.io.packet.DatagramBurst;
import io.deltad.io.packet.UdpPacketIo;
import io.deltad.signaling.DataChannelDescription;
import io.deltad.signaling.IceCandidate;
import io.deltad.signaling.SessionDescription;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * deltad's own client role: a WebRTC peer in Java that opens a session the way a browser does (SDP offer to
 * {@code POST /v1/sessions}, ICE checks as the controlling agent, DTLS client, SCTP, DCEP OPEN of the control channel)
 * and then exchanges binary DataChannel messages. It drives {@code deltabench webrtc} and the end-to-end tests.
 *
 * <p>Single-threaded and non-blocking after {@link #connect}: the owner calls {@link #poll()} in its loop. The owner
 * is the thread that called {@code connect} (its SCTP association belongs to that thread and checks it). Not for
 * browsers' use cases (no trickle ICE, IPv4 host candidates only).
 */
public final class WebRtcClient implements PeerListener, AutoCloseable {
    /** Label and protocol of the control channel (docs/CLIENT.md). */
    public static final String CONTROL_LABEL = "deltad";
    public static final String CONTROL_PROTOCOL = "deltad/1";
    private static final long CHECK_INTERVAL_NS = 50_000_000L;
    private static final long CONSENT_INTERVAL_NS = 2_000_000_000L;
    private static final int MAX_MESSAGE_SIZE = 262_144;
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate(); // one per process, as browsers do

    /**
     * How a client deviates from a browser, for tests and benchmarks; {@link #BROWSER} is what a browser does.
     *
     * @param consentInterval  time between consent checks once ICE is up (browsers: about 5 s, RFC 7675 §5.1)
     * @param wrongFingerprint put the fingerprint of another certificate in the offer, so the DTLS handshake presents
     *                         a certificate the offer did not name (BAD_INPUTS 12)
     */
    public record Options(Duration consentInterval, boolean wrongFingerprint) {
        public static final Options BROWSER = new Options(Duration.ofNanos(CONSENT_INTERVAL_NS), false);

        public Options withConsentInterval(final Duration interval) {
            return new Options(interval, wrongFingerprint);
        }

        public Options withWrongFingerprint(final boolean wrong) {
            return new Options(consentInterval, wrong);
        }
    }

    /** One complete message received on any channel of the session. */
    @FunctionalInterface
    public interface MessageHandler {
        void onMessage(MemorySegment segment, long offset, int length);
    }

    private final UdpPacketIo io;
    private final ByteBuffer rxView;
    private final ByteBuffer txView;
    private final StunBindingClient ice;
    private final PeerConnection peer;
    private final MessageHandler handler;
    private final int serverIp;
    private final int serverPort;
    private final URI location;
    private final HttpClient http;
    private final long remoteMaxMessageSize;
    private final long consentIntervalNs;
    private final MemorySegment txSegment;
    private boolean iceConnected;
    private boolean consentChecksStopped;
    private long nextCheckNs;
    private int controlStream = -1;
    private PeerCloseReason closedReason;
    private int dedicatedChannelsOpened;
    private long dedicatedMessages;

    private WebRtcClient(final UdpPacketIo io, final String localUfrag, final DataChannelDescription answer,
        final IceCandidate candidate, final URI location, final HttpClient http, final MessageHandler handler,
        final Options options) {
        this.io = io;
        this.txSegment = io.tx().segment();
        this.consentIntervalNs = options.consentInterval().toNanos();
        this.rxView = io.rx().segment().asByteBuffer();
        this.txView = io.tx().segment().asByteBuffer();
        this.ice = new StunBindingClient(localUfrag, answer.iceUfrag(), answer.icePwd());
        this.handler = handler;
        this.location = location;
        this.http = http;
        this.serverIp = UdpPacketIo.ipv4(InetAddress.ofLiteral(candidate.address()));
        this.serverPort = candidate.port();
        this.remoteMaxMessageSize = answer.maxMessageSize();
        this.peer = new PeerConnection(new PeerSettings(DtlsRole.CLIENT, CERTIFICATE,
            answer.fingerprints().getFirst(), 10_000_000_000L, 1200,
            answer.sctpPort(), answer.sctpPort(), MAX_MESSAGE_SIZE, answer.maxMessageSize(), 16), this);
    }

    /**
     * Opens a session and waits (polling) until its control channel is open.
     *
     * @param signalingBase e.g. {@code http://127.0.0.1:8080}
     * @param token         a session token ({@code deltactl token})
     * @throws IOException with the server's status and reason when signaling refuses, or on timeout
     */
    public static WebRtcClient connect(final URI signalingBase, final String token, final Duration timeout,
        final MessageHandler handler) throws IOException, InterruptedException {
        return connect(signalingBase, token, timeout, handler, Options.BROWSER, InetAddress.getLoopbackAddress());
    }

    /** {@link #connect(URI, String, Duration, MessageHandler)} with a client that deviates from a browser's habits. */
    public static WebRtcClient connect(final URI signalingBase, final String token, final Duration timeout,
        final MessageHandler handler, final Options options) throws IOException, InterruptedException {
        return connect(signalingBase, token, timeout, handler, options, InetAddress.getLoopbackAddress());
    }

    /**
     * As {@link #connect(URI, String, Duration, MessageHandler)}, with the client's UDP socket bound to
     * {@code bindAddress} (an interface that reaches the appliance's host candidate, e.g. across a namespace's link).
     */
    public static WebRtcClient connect(final URI signalingBase, final String token, final Duration timeout,
        final MessageHandler handler, final InetAddress bindAddress) throws IOException, InterruptedException {
        return connect(signalingBase, token, timeout, handler, Options.BROWSER, bindAddress);
    }

    /** The general form: client habits ({@code options}) and the address its UDP socket binds. */
    public static WebRtcClient connect(final URI signalingBase, final String token, final Duration timeout,
        final MessageHandler handler, final Options options, final InetAddress bindAddress)
        throws IOException, InterruptedException {
        final SecureRandom random = new SecureRandom();
        final String localUfrag = HexFormat.of().formatHex(random.generateSeed(4));
        final String localPassword = HexFormat.of().formatHex(random.generateSeed(12));
        final UdpPacketIo io = new UdpPacketIo(bindAddress, 0, 32, 1 << 20);
        HttpClient http = null;
        try {
            final String offer = offer(localUfrag, localPassword,
                options.wrongFingerprint() ? DtlsCertificate.generate().fingerprint() : CERTIFICATE.fingerprint());
            http = HttpClient.newBuilder().connectTimeout(timeout).build();
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(signalingBase.resolve("/v1/sessions"))
                .timeout(timeout).header("Content-Type", "application/sdp").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IOException("signaling answered " + response.statusCode() + ": " + response.body().strip());
            }
            final DataChannelDescription answer = DataChannelDescription.of(SessionDescription.parse(
                response.body().getBytes(StandardCharsets.UTF_8), 1 << 16));
            final IceCandidate candidate = answer.candidates().stream()
                .filter(c -> c.address().indexOf(':') < 0).findFirst()
                .orElseThrow(() -> new IOException("the answer has no IPv4 host candidate: " + response.body()));
            final URI location = signalingBase.resolve(response.headers().firstValue("Location").orElseThrow());
            final WebRtcClient client = new WebRtcClient(io, localUfrag, answer, candidate, location, http, handler,
                options);
            final long deadlineNs = System.nanoTime() + timeout.toNanos();
            while (!client.isOpen()) {
                if (client.closedReason != null) {
                    throw new IOException("session closed while connecting: " + client.closedReason.label());
                }
                if (System.nanoTime() > deadlineNs) {
                    final String state = "ice " + (client.iceConnected ? "connected" : "not connected") + ", dtls "
                        + client.peer.dtls().state() + ", sctp " + (client.peer.isConnected() ? "up" : "down");
                    client.close();
                    throw new IOException("no open control channel after " + timeout.toMillis() + " ms (" + state + ')');
                }
                if (client.poll() == 0) {
                    Thread.sleep(0, 200_000);
                }
            }
            return client;
        } catch (final IOException | InterruptedException | RuntimeException ex) {
            io.close();
            if (http != null) {
                http.close(); // its selector thread and connections: one per failed connect otherwise
            }
            throw ex;
        }
    }

    private static String offer(final String ufrag, final String password, final DtlsFingerprint fingerprint) {
        return "v=0\r\n"
            + "o=- " + Math.abs(new SecureRandom().nextLong() >>> 1) + " 2 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "t=0 0\r\n"
            + "a=group:BUNDLE 0\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
            + "c=IN IP4 0.0.0.0\r\n"
            + "a=mid:0\r\n"
            + "a=ice-ufrag:" + ufrag + "\r\n"
            + "a=ice-pwd:" + password + "\r\n"
            + "a=fingerprint:" + fingerprint.toSdpValue() + "\r\n"
            + "a=setup:actpass\r\n"
            + "a=sctp-port:5000\r\n"
            + "a=max-message-size:" + MAX_MESSAGE_SIZE + "\r\n";
    }

    public boolean isOpen() {
        return controlStream >= 0 && closedReason == null;
    }

    public boolean isClosed() {
        return closedReason != null;
    }

    /** Why the session ended, or null while it is up. */
    public PeerCloseReason closedReason() {
        return closedReason;
    }

    /** The session's signaling resource ({@code Location} of the answer): DELETE ends it. */
    public URI location() {
        return location;
    }

    /** The local UDP address this client's checks and DTLS records come from. */
    public java.net.InetSocketAddress localAddress() {
        return io.localAddress();
    }

    /**
     * Stops the consent checks (tests: a peer that vanished without a word, BAD_INPUTS 7); the server closes the
     * session after its consent timeout.
     */
    public void stopConsentChecks() {
        consentChecksStopped = true;
    }

    /** Sends {@code datagram} as is from this client's socket to the server (tests: bad input on a live 5-tuple). */
    public void sendRaw(final byte[] datagram) {
        final DatagramBurst tx = io.tx();
        if (tx.isFull()) {
            io.send();
        }
        final int slot = tx.claim();
        MemorySegment.copy(datagram, 0, txSegment, ValueLayout.JAVA_BYTE, tx.slotOffset(slot), datagram.length);
        tx.commit(slot, datagram.length, serverIp, serverPort);
        flush();
    }

    /** Adds the drops counted by this session's DTLS, SCTP and DCEP layers to {@code stats} (owner thread). */
    public void addDropsTo(final io.deltad.dtls.peer.PeerStats stats) {
        peer.addDropsTo(stats);
    }

    /** Datagrams the kernel would not take on send (socket buffer full), dropped. */
    public long datagramSendDrops() {
        return io.sendDrops();
    }

    /** Largest message the server takes. */
    public long remoteMaxMessageSize() {
        return remoteMaxMessageSize;
    }

    /**
     * Sends one message (one or more frames) on the control channel: {@link PeerConnection#SENT}, or a negative code
     * ({@code SctpSendStatus.WOULD_BLOCK}: poll and retry).
     */
    public int send(final MemorySegment segment, final long offset, final int length) {
        final int status = peer.send(controlStream, PeerConnection.PPID_BINARY, segment, offset, length);
        flush();
        return status;
    }

    /** Receives what arrived, runs the timers, sends what is due. Returns work done (0: idle). */
    public int poll() {
        final long nowNs = System.nanoTime();
        int work = io.receive();
        final DatagramBurst rx = io.rx();
        for (int i = 0; i < work; i++) {
            final long offset = rx.slotOffset(i);
            final int length = rx.length(i);
            if (length == 0) {
                continue;
            }
            switch (PacketClass.classify(rx.segment().get(ValueLayout.JAVA_BYTE, offset))) {
                case STUN -> {
                    if (ice.onResponse(rx.segment(), offset, length) && !iceConnected) {
                        iceConnected = true;
                        peer.start(nowNs);
                    }
                }
                case DTLS -> {
                    rxView.limit((int) offset + length).position((int) offset);
                    peer.onDatagram(rxView, nowNs);
                }
                default -> { }
            }
        }
        if (nowNs >= nextCheckNs && closedReason == null && !(iceConnected && consentChecksStopped)) {
            nextCheckNs = nowNs + (iceConnected ? consentIntervalNs : CHECK_INTERVAL_NS);
            final DatagramBurst tx = io.tx();
            final int slot = tx.claim();
            if (slot >= 0) {
                tx.commit(slot, ice.writeRequest(tx.segment(), tx.slotOffset(slot), true), serverIp, serverPort);
            }
        }
        PeerConnection.tickSctp();
        peer.onTimer(nowNs);
        work += flush();
        return work;
    }

    private int flush() {
        final int count = io.tx().count();
        if (count > 0) {
            io.send();
        }
        return count;
    }

    /** Ends the session: DELETE at signaling (best effort), then SCTP ABORT and DTLS close_notify. */
    @Override
    public void close() {
        if (location != null && closedReason == null) {
            try {
                http.send(HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(2)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            } catch (final IOException | InterruptedException ignored) {
                // the server's consent timer ends the session anyway
            }
        }
        peer.close();
        flush();
        io.close();
        http.close();
    }

    // ---------------------------------------------------------------- PeerListener

    @Override
    public void onDatagram(final ByteBuffer datagram) {
        DatagramBurst tx = io.tx();
        if (tx.isFull()) {
            io.send();
        }
        final int slot = tx.claim();
        final int length = datagram.remaining();
        txView.put((int) tx.slotOffset(slot), datagram, datagram.position(), length);
        tx.commit(slot, length, serverIp, serverPort);
    }

    @Override
    public void onConnected() {
        peer.openChannel(CONTROL_LABEL, CONTROL_PROTOCOL, true, -1);
    }

    @Override
    public void onChannelOpen(final int streamId, final String label, final String protocol) {
        if (controlStream < 0 && CONTROL_LABEL.equals(label)) {
            controlStream = streamId;
        } else if (label.startsWith("deltad-doc/")) {
            dedicatedChannelsOpened++;
        }
    }

    /** Dedicated document channels the server opened to this client so far. */
    public int dedicatedChannelsOpened() {
        return dedicatedChannelsOpened;
    }

    /** Messages received on channels other than the control channel. */
    public long dedicatedMessages() {
        return dedicatedMessages;
    }

    @Override
    public void onMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
        final int length) {
        if (streamId != controlStream) {
            dedicatedMessages++;
        }
        handler.onMessage(segment, offset, length);
    }

    @Override
    public void onChannelClosed(final int streamId) {
    }

    @Override
    public void onClosed(final PeerCloseReason reason) {
        if (closedReason == null) {
            closedReason = reason;
        }
    }
}
