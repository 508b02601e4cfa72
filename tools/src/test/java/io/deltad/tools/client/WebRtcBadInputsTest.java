package io.deltad.tools.client;

import io.deltad.dtls.dtls.DtlsCertificate;
import io.deltad.dtls.dtls.DtlsEndpoint;
import io.deltad.dtls.dtls.DtlsFailure;
import io.deltad.dtls.dtls.DtlsListener;
import io.deltad.dtls.dtls.DtlsRole;
import io.deltad.dtls.stun.StunMessage;
import io.deltad.tools.client.WebRtcAppliance.Frames;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.deltad.tools.client.WebRtcAppliance.await;
import static io.deltad.tools.client.WebRtcAppliance.awaitFrames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BAD_INPUTS 1, 6, 8 and 12 against a real appliance over loopback UDP: the bad input is counted where an operator
 * reads counters ({@code /metrics}), and the sessions that do things right carry on or still connect.
 */
class WebRtcBadInputsTest {
    /** {@code WebRtcSettings}: Binding requests answered per second and in a burst from sources no session owns. */
    private static final int UNKNOWN_SOURCE_CHECKS_PER_SEC = 1_000;
    private static final int UNKNOWN_SOURCE_CHECKS_BURST = 200;

    @TempDir
    Path dir;

    private WebRtcAppliance server;
    private final List<DatagramChannel> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (final DatagramChannel socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** BAD_INPUTS 1: first bytes outside RFC 7983's STUN and DTLS ranges, from strangers and on a live 5-tuple. */
    @Test
    void shouldCountDatagramsOfUnknownProtocolsAndKeepDeliveringDeltas() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of());
        final Frames publisherFrames = new Frames();
        final Frames subscriberFrames = new Frames();
        final WebRtcClient publisher = server.connect("publisher", publisherFrames);
        final WebRtcClient subscriber = server.connect("subscriber", subscriberFrames);
        server.subscribe(subscriber, subscriberFrames);
        server.publish(publisher, 1, 50);
        awaitFrames(subscriber, subscriberFrames, FrameType.DELTA, 50);

        // ZRTP 16-19, TURN channels 64-79, RTP/RTCP 128-191, and the unassigned rest; an empty datagram too.
        final int[] firstBytes = {4, 15, 16, 19, 64, 79, 80, 127, 128, 191, 192, 255};
        final DatagramChannel stranger = socket();
        int junk = 0;
        for (final int first : firstBytes) {
            final byte[] datagram = random(1 + ThreadLocalRandom.current().nextInt(1200));
            datagram[0] = (byte) first;
            stranger.send(ByteBuffer.wrap(datagram), server.udp());
            subscriber.sendRaw(datagram); // the subscriber's own, validated 5-tuple
            publisher.sendRaw(datagram);
            junk += 3;
        }
        stranger.send(ByteBuffer.allocate(0), server.udp());
        subscriber.sendRaw(new byte[0]);
        junk += 2;

        final int sent = junk;
        await("webrtc drops: demux unknown first byte", () -> server.drops("demux unknown first byte"), v -> v == sent);
        server.publish(publisher, 51, 100);
        awaitFrames(publisher, publisherFrames, FrameType.ACK, 100);
        awaitFrames(subscriber, subscriberFrames, FrameType.DELTA, 100);
        final List<long[]> deltas = subscriberFrames.received.stream().filter(f -> f[0] == FrameType.DELTA).toList();
        for (int i = 0; i < deltas.size(); i++) {
            assertEquals(i + 1, deltas.get(i)[2], "delta " + i + " in order, none lost");
        }
        assertNull(subscriber.closedReason());
        assertNull(publisher.closedReason());
        assertEquals(2, server.sessionsGauge());
        assertEquals(sent, server.drops("demux unknown first byte"), "counted once each, nothing else counted them");
    }

    /**
     * BAD_INPUTS 6: a flood of Binding requests from sources no session owns is rate limited before any HMAC, no answer
     * is longer than its request, and a real client connects during the flood and after it.
     */
    @Test
    void shouldRateLimitABindingFloodWithoutAmplifyingAndStillConnect() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of());
        final List<DatagramChannel> flooders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final DatagramChannel socket = socket();
            socket.configureBlocking(false);
            flooders.add(socket);
        }
        final Flood flood = new Flood(flooders, server.udp());
        final CompletableFuture<Void> flooding = CompletableFuture.runAsync(flood);
        try {
            Thread.sleep(200); // the bucket's burst is long gone
            final long startNs = System.nanoTime();
            final Frames duringFrames = new Frames();
            final WebRtcClient during = server.connect("during-flood", duringFrames);
            final long connectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            assertTrue(during.isOpen());
            assertTrue(connectMs < 5_000, "connected during the flood, in " + connectMs + " ms");
            server.subscribe(during, duringFrames);
            while (System.nanoTime() - startNs < 1_000_000_000L) { // a sustained flood: the rate, not just the burst
                WebRtcAppliance.pollFor(during, Duration.ofMillis(50));
            }
            assertTrue(during.isOpen());
        } finally {
            flood.stop.set(true);
            flooding.get(10, TimeUnit.SECONDS);
        }
        // Tokens accrue until the appliance has read the last request, which may be after the flood ended.
        long passedAndLimited = -1;
        long counted;
        while ((counted = server.drops("stun rate limited") + server.drops("stun amplification")
            + server.drops("stun unknown username")) != passedAndLimited) {
            passedAndLimited = counted;
            Thread.sleep(100);
        }
        final double floodSeconds = (System.nanoTime() - flood.startNs) / 1e9;
        assertTrue(flood.sent > 3 * (UNKNOWN_SOURCE_CHECKS_BURST + UNKNOWN_SOURCE_CHECKS_PER_SEC * floodSeconds),
            "a flood well above the limit: " + flood.sent + " in " + floodSeconds + " s");

        final long rateLimited = server.drops("stun rate limited");
        // Everything that got past the bucket ended as an answer (the padded requests: 400), an amplification drop (the
        // bare ones: a 400 would be longer) or a silent drop (unknown ufrag). Together at most what the bucket allows.
        final long passed = server.drops("stun amplification") + server.drops("stun unknown username") + flood.answers;
        final double allowed = UNKNOWN_SOURCE_CHECKS_BURST + UNKNOWN_SOURCE_CHECKS_PER_SEC * floodSeconds;
        assertTrue(passed <= allowed, passed + " requests past the rate limit in " + floodSeconds + " s");
        assertTrue(flood.answers > 0 && server.drops("stun amplification") > 0, "each kind of request reached the checks");
        assertTrue(rateLimited > flood.sent / 4, rateLimited + " of " + flood.sent + " rate limited");
        assertEquals(0, flood.largerThanRequest, "answers longer than their request");

        final Frames afterFrames = new Frames();
        final WebRtcClient after = server.connect("after-flood", afterFrames);
        server.publish(after, 1, 10);
        awaitFrames(after, afterFrames, FrameType.ACK, 10);
        assertEquals(2, server.sessionsGauge());
    }

    /**
     * Binding requests as a scanner sends them, ~10,000/s from 8 source ports: bare headers (an answer would be longer:
     * nothing may be sent), padded ones without USERNAME (a 400 fits), and ones naming a ufrag no session has.
     */
    private static final class Flood implements Runnable {
        private static final int PER_MS = 10;
        final AtomicBoolean stop = new AtomicBoolean();
        private final List<DatagramChannel> sockets;
        private final InetSocketAddress target;
        private final Map<Long, Integer> requestLengths = new HashMap<>();
        volatile long sent;
        volatile long answers;
        volatile long largerThanRequest;
        volatile long startNs;

        Flood(final List<DatagramChannel> sockets, final InetSocketAddress target) {
            this.sockets = sockets;
            this.target = target;
        }

        @Override
        public void run() {
            final ByteBuffer in = ByteBuffer.allocate(2048);
            startNs = System.nanoTime();
            long nextNs = startNs;
            long count = 0;
            try {
                while (!stop.get()) {
                    for (int i = 0; i < PER_MS; i++, count++) {
                        final byte[] request = request((int) (count % 3));
                        requestLengths.put(transactionKey(request), request.length);
                        sockets.get((int) (count % sockets.size())).send(ByteBuffer.wrap(request), target);
                    }
                    sent = count;
                    for (final DatagramChannel socket : sockets) {
                        while (socket.receive(in.clear()) != null) {
                            in.flip();
                            final byte[] answer = new byte[in.remaining()];
                            in.get(answer);
                            answers++;
                            final Integer requestLength = requestLengths.get(transactionKey(answer));
                            if (requestLength == null || answer.length > requestLength) {
                                largerThanRequest++;
                            }
                        }
                    }
                    nextNs += 1_000_000L;
                    final long waitNs = nextNs - System.nanoTime();
                    if (waitNs > 0) {
                        TimeUnit.NANOSECONDS.sleep(waitNs);
                    }
                }
            } catch (final IOException | InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        }

        private static byte[] request(final int kind) {
            final byte[] username = "zzzzzzzz:abcd".getBytes(StandardCharsets.US_ASCII);
            final ByteBuffer out = ByteBuffer.allocate(128);
            out.putShort((short) StunMessage.BINDING_REQUEST).putShort((short) 0).putInt(StunMessage.MAGIC_COOKIE)
                .put(random(12));
            switch (kind) {
                case 0 -> { } // 20 bytes: a 400 (48 bytes) would amplify
                case 1 -> out.putShort((short) 0x8022).putShort((short) 40).put(random(40)); // SOFTWARE: 64 bytes
                default -> {
                    out.putShort((short) 0x0006).putShort((short) username.length).put(username).put(new byte[3]);
                    out.putShort((short) 0x0008).putShort((short) 20).put(random(20)); // MESSAGE-INTEGRITY
                }
            }
            out.putShort(2, (short) (out.position() - StunMessage.HEADER_LENGTH));
            final byte[] request = new byte[out.position()];
            out.flip().get(request);
            return request;
        }

        private static long transactionKey(final byte[] message) {
            return message.length < 20 ? 0 : ByteBuffer.wrap(message, 8, 8).getLong() ^ ByteBuffer.wrap(message, 16, 4).getInt();
        }
    }

    /**
     * BAD_INPUTS 8: DTLS records (a real ClientHello among them) from a 5-tuple ICE never validated are dropped before
     * any DTLS state exists, while a real client's handshake on the same port goes through.
     */
    @Test
    void shouldDropDtlsFromUnvalidatedSourcesWhileARealHandshakeSucceeds() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of());
        final List<byte[]> records = new ArrayList<>(clientHello());
        final byte[] alert = {21, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 40}; // fatal handshake_failure
        records.add(alert);
        final byte[] noise = random(300);
        noise[0] = 63; // the top of the DTLS range
        records.add(noise);

        final DatagramChannel attacker = socket();
        final AtomicBoolean stop = new AtomicBoolean();
        final CompletableFuture<Integer> spraying = CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            try {
                while (!stop.get()) {
                    for (final byte[] record : records) {
                        attacker.send(ByteBuffer.wrap(record), server.udp());
                        sent++;
                    }
                    Thread.sleep(2);
                }
            } catch (final IOException | InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
            return sent;
        });
        final Frames frames = new Frames();
        final WebRtcClient client;
        try {
            Thread.sleep(50);
            client = server.connect("real", frames);
        } finally {
            stop.set(true);
        }
        final int sent = spraying.get(10, TimeUnit.SECONDS);
        assertTrue(sent >= records.size(), "sprayed " + sent);
        await("webrtc drops: dtls unvalidated source", () -> server.drops("dtls unvalidated source"), v -> v == sent);

        server.subscribe(client, frames);
        server.publish(client, 1, 20);
        awaitFrames(client, frames, FrameType.DELTA, 20);
        assertEquals(0, server.closed("dtls failed") + server.closed("handshake timeout"));
        assertEquals(1, server.sessionsGauge());
    }

    /** The datagrams a JDK DTLS client sends first: a ClientHello as the attacker would replay it. */
    private static List<byte[]> clientHello() {
        final List<byte[]> datagrams = new ArrayList<>();
        final DtlsCertificate certificate = DtlsCertificate.generate();
        final DtlsEndpoint endpoint = new DtlsEndpoint(DtlsRole.CLIENT, certificate, certificate.fingerprint(),
            new DtlsListener() {
                @Override
                public void onDatagram(final ByteBuffer datagram) {
                    final byte[] copy = new byte[datagram.remaining()];
                    datagram.get(copy);
                    datagrams.add(copy);
                }

                @Override
                public void onApplicationData(final ByteBuffer data) {
                }

                @Override
                public void onConnected() {
                }

                @Override
                public void onClosed(final DtlsFailure reason) {
                }
            }, DtlsEndpoint.DEFAULT_MTU_BYTES, DtlsEndpoint.DEFAULT_HANDSHAKE_TIMEOUT_NS);
        endpoint.start(System.nanoTime());
        endpoint.close();
        assertTrue(!datagrams.isEmpty() && datagrams.getFirst()[0] == 22 && datagrams.getFirst()[13] == 1,
            "the first datagram is a handshake record holding a ClientHello");
        return List.of(datagrams.getFirst());
    }

    /**
     * BAD_INPUTS 12: a client whose certificate is not the one its offer named: the appliance ends the handshake,
     * counts it, and the client is told (its connect fails); a client that tells the truth still connects.
     */
    @Test
    void shouldCloseAndCountASessionWhoseCertificateDoesNotMatchItsOffer() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of());
        final IOException refused = assertThrows(IOException.class, () -> server.connect("impostor", new Frames(),
            WebRtcClient.Options.BROWSER.withWrongFingerprint(true)));
        assertTrue(refused.getMessage().contains("session closed while connecting"), refused.getMessage());
        await("webrtc sessions closed: fingerprint mismatch", () -> server.closed("fingerprint mismatch"), v -> v == 1);
        await("deltad_sessions", server::sessionsGauge, v -> v == 0);
        assertEquals(0, server.portSessions(), "the port forgot the session");

        final Frames frames = new Frames();
        final WebRtcClient honest = server.connect("honest", frames);
        server.subscribe(honest, frames);
        assertEquals(1, server.closed("fingerprint mismatch"));
        assertEquals(1, server.sessionsGauge());
    }

    private DatagramChannel socket() throws IOException {
        final DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET)
            .bind(new InetSocketAddress("127.0.0.1", 0));
        sockets.add(socket);
        return socket;
    }

    private static byte[] random(final int length) {
        final byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
