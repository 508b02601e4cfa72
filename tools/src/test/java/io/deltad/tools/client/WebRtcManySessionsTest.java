package io.deltad.tools.client;

import io.deltad.tools.client.WebRtcAppliance.Frames;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.deltad.tools.client.WebRtcAppliance.await;
import static io.deltad.tools.client.WebRtcAppliance.awaitFrames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fifty clients at once: they connect concurrently, each subscribes and gets every delta one publisher sends, then
 * all close; afterwards the appliance holds no session anywhere and this process no extra UDP socket.
 */
class WebRtcManySessionsTest {
    private static final int CLIENTS = 50;
    private static final int DELTAS = 10;

    @TempDir
    Path dir;

    private WebRtcAppliance server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldServeFiftyConcurrentSessionsAndLeaveNothingBehind() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of());
        assertEquals(0, server.sessionsGauge()); // the scrape's keep-alive connection is open from here on
        final long udpSocketsBefore = OpenFiles.udpSockets();
        final long fdsBefore = OpenFiles.all();
        final Frames publisherFrames = new Frames();
        final WebRtcClient publisher = server.connect("publisher", publisherFrames);

        // A client belongs to the thread that connected it (its SCTP association does): one thread per client.
        final CountDownLatch subscribed = new CountDownLatch(CLIENTS);
        final CountDownLatch closeNow = new CountDownLatch(1);
        final long startNs = System.nanoTime();
        final List<Future<?>> lives = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                final String name = "subscriber-" + i;
                lives.add(threads.submit(() -> {
                    final Frames received = new Frames();
                    final WebRtcClient client = server.connect(name, received);
                    server.subscribe(client, received);
                    subscribed.countDown();
                    awaitFrames(client, received, FrameType.DELTA, DELTAS);
                    final List<long[]> deltas = received.received.stream().filter(f -> f[0] == FrameType.DELTA).toList();
                    for (int d = 0; d < DELTAS; d++) {
                        assertEquals(d + 1, deltas.get(d)[2], name + ": delta " + d + " in order");
                    }
                    assertTrue(closeNow.await(20, TimeUnit.SECONDS));
                    client.close();
                    server.closed(client);
                    return null;
                }));
            }
            if (!subscribed.await(30, TimeUnit.SECONDS)) {
                final StringBuilder why = new StringBuilder();
                for (final Future<?> life : lives) {
                    if (life.state() == Future.State.FAILED) {
                        why.append("; ").append(life.exceptionNow());
                    }
                }
                fail("subscribed: " + (CLIENTS - subscribed.getCount()) + why);
            }
            final long connectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            assertTrue(connectedMs < 20_000, CLIENTS + " sessions connected and subscribed in " + connectedMs + " ms");
            assertEquals(CLIENTS + 1, server.sessionsGauge());
            assertEquals(udpSocketsBefore + CLIENTS + 1, OpenFiles.udpSockets());
            assertTrue(server.portStagingBytes() >= (CLIENTS + 1) * 1024L, "each session has its staging buffer");

            server.publish(publisher, 1, DELTAS);
            awaitFrames(publisher, publisherFrames, FrameType.ACK, DELTAS);
            closeNow.countDown();
            for (final Future<?> life : lives) {
                life.get(30, TimeUnit.SECONDS); // rethrows what went wrong in a client's thread
            }
        }
        publisher.close();
        server.closed(publisher);

        await("deltad_sessions", server::sessionsGauge, v -> v == 0);
        assertEquals(0, server.portSessions(), "no session left in the WebRTC port");
        assertEquals(0, server.portStagingBytes(), "their native staging buffers are freed");
        // DELETE closes the session (local); the client's own SCTP ABORT may get there first (sctp closed).
        final long closed = await("webrtc sessions closed", () -> server.closed("local") + server.closed("sctp closed")
            + server.closed("dtls failed"), v -> v == CLIENTS + 1);
        assertEquals(CLIENTS + 1, closed);
        // The clients' last records (ABORT, close_notify) after their DELETE are no attack (BAD_INPUTS 8's counter).
        assertEquals(0, server.drops("dtls unvalidated source"));
        assertEquals(0, server.closed("handshake timeout") + server.closed("consent expired")
            + server.closed("fingerprint mismatch"));
        assertEquals(udpSocketsBefore, OpenFiles.udpSockets(), "every client socket closed, the appliance's kept");
        // TCP too: each client's signaling connection and HTTP client, and the appliance's end of it.
        await("open file descriptors (" + fdsBefore + " before)", OpenFiles::all, v -> v <= fdsBefore);
    }
}
