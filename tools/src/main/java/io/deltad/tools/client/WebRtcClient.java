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
import io.deltad.signaling.Fingerprint;
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
 * <p>Single-threaded and non-blocking after {@link #connect}: the owner calls {@link #poll()} in its loop. Not for
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
    private boolean iceConnected;
    private long nextCheckNs;
    private int controlStream = -1;
    private PeerCloseReason closedReason;

    private WebRtcClient(final UdpPacketIo io, final String localUfrag, final DataChannelDescription answer,
        final IceCandidate candidate, final URI location, final HttpClient http, final MessageHandler handler) {
        this.io = io;
        this.rxView = io.rx().segment().asByteBuffer();
        this.txView = io.tx().segment().asByteBuffer();
        this.ice = new StunBindingClient(localUfrag, answer.iceUfrag(), answer.icePwd());
        this.handler = handler;
        this.location = location;
        this.http = http;
        this.serverIp = ipv4(candidate.address());
        this.serverPort = candidate.port();
        this.remoteMaxMessageSize = answer.maxMessageSize();
        final Fingerprint fingerprint = answer.fingerprints().getFirst();
        this.peer = new PeerConnection(new PeerSettings(DtlsRole.CLIENT, CERTIFICATE,
            DtlsFingerprint.parse(fingerprint.algorithm() + ' ' + fingerprint.hex()), 10_000_000_000L, 1200,
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
        final SecureRandom random = new SecureRandom();
        final String localUfrag = HexFormat.of().formatHex(random.generateSeed(4));
        final String localPassword = HexFormat.of().formatHex(random.generateSeed(12));
        final UdpPacketIo io = new UdpPacketIo(InetAddress.getLoopbackAddress(), 0, 32, 1 << 20);
        try {
            final String offer = offer(localUfrag, localPassword);
            final HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
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
            final WebRtcClient client = new WebRtcClient(io, localUfrag, answer, candidate, location, http, handler);
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
            throw ex;
        }
    }

    private static String offer(final String ufrag, final String password) {
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
            + "a=fingerprint:" + CERTIFICATE.fingerprint().toSdpValue() + "\r\n"
            + "a=setup:actpass\r\n"
            + "a=sctp-port:5000\r\n"
            + "a=max-message-size:" + MAX_MESSAGE_SIZE + "\r\n";
    }

    private static int ipv4(final String address) {
        final String[] parts = address.split("\\.");
        return Integer.parseInt(parts[0]) << 24 | Integer.parseInt(parts[1]) << 16
            | Integer.parseInt(parts[2]) << 8 | Integer.parseInt(parts[3]);
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
        if (nowNs >= nextCheckNs && closedReason == null) {
            nextCheckNs = nowNs + (iceConnected ? CONSENT_INTERVAL_NS : CHECK_INTERVAL_NS);
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
        }
    }

    @Override
    public void onMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
        final int length) {
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
