package io.deltad.tools.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltad.dtls.peer.PeerCloseReason;
import io.deltad.tools.client.WebRtcAppliance.Frames;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.deltad.tools.client.WebRtcAppliance.await;
import static io.deltad.tools.client.WebRtcAppliance.awaitClosed;
import static io.deltad.tools.client.WebRtcAppliance.awaitFrames;
import static io.deltad.tools.client.WebRtcAppliance.pollWhile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How WebRTC sessions end and when they are not let in, against a real appliance: consent expiry (BAD_INPUTS 7),
 * {@code DELETE /v1/sessions/{id}}, {@code deltactl kick}, shutdown, the session limit and draining. Each seen by the
 * operator (counters, {@code deltactl sessions}) and by the client (its session closes, or signaling refuses it).
 */
class WebRtcSessionLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private WebRtcAppliance server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** BAD_INPUTS 7 (RFC 7675) with the shortest consent timeout the config allows. */
    @Test
    void shouldCloseASessionWhoseClientStopsConsentChecksAndKeepOneThatChecks() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of("webrtc.consent_timeout", "1s"));
        final WebRtcClient.Options checksOften = WebRtcClient.Options.BROWSER.withConsentInterval(Duration.ofMillis(200));
        final WebRtcClient silent = server.connect("goes-silent", new Frames(), checksOften);
        silent.stopConsentChecks();
        final Frames keptFrames = new Frames(); // connected last: from here on it is polled all the time
        final WebRtcClient kept = server.connect("keeps-checking", keptFrames, checksOften);

        final long startNs = System.nanoTime();
        while (System.nanoTime() - startNs < 2_500_000_000L) { // 2.5 consent timeouts
            kept.poll();
            silent.poll();
            Thread.sleep(1);
        }
        assertTrue(silent.isClosed(), "the silent client was told its session ended (SCTP ABORT, close_notify)");
        // What the operator sees, read while the checking client goes on checking.
        final List<Object> seen = pollWhile(kept, () -> List.of(server.closed("consent expired"),
            server.sessionsGauge(), sessionNames(), server.portSessions()));
        assertNull(kept.closedReason(), "the checking client is still up");
        assertEquals(1L, seen.get(0), "webrtc sessions closed: consent expired");
        assertEquals(1L, seen.get(1), "the IoAgent detached the expired session");
        assertEquals(List.of("keeps-checking"), seen.get(2));
        assertEquals(1, seen.get(3), "sessions in the port");

        server.subscribe(kept, keptFrames);
        server.publish(kept, 1, 5);
        awaitFrames(kept, keptFrames, FrameType.DELTA, 5);
        assertEquals(1L, pollWhile(kept, () -> server.closed("consent expired")));
    }

    /** {@code DELETE /v1/sessions/{id}}: the server closes the session and forgets its signaling id. */
    @Test
    void shouldCloseASessionOnDelete() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of());
        final WebRtcClient client = server.connect("deleted", new Frames());
        assertEquals(1, server.sessionsGauge());

        assertEquals(204, server.delete(client.location()));
        awaitClosed(client);
        await("deltad_sessions", server::sessionsGauge, v -> v == 0);
        assertEquals(1, server.closed("local"));
        assertEquals(0, server.portSessions());
        assertEquals(List.of(), sessionNames());
        assertEquals(404, server.delete(client.location()), "the id is gone");
    }

    /** {@code deltactl kick}: the IoAgent detaches the session, the transport closes it, the client is told. */
    @Test
    void shouldCloseASessionOnKick() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of());
        final WebRtcClient kicked = server.connect("kicked", new Frames());
        final Frames stayingFrames = new Frames();
        final WebRtcClient staying = server.connect("staying", stayingFrames);
        final int id = sessions().stream().filter(s -> s.get("name").asText().equals("kicked")).findFirst()
            .orElseThrow().get("id").asInt();

        assertTrue(server.deltactl("kick", Integer.toString(id)).contains("closed"));
        awaitClosed(kicked);
        assertTrue(kicked.closedReason() == PeerCloseReason.SCTP_CLOSED || kicked.closedReason() == PeerCloseReason.DTLS_FAILED,
            "told by the appliance (SCTP ABORT or close_notify): " + kicked.closedReason());
        await("deltad_sessions", server::sessionsGauge, v -> v == 1);
        assertEquals(1, server.closed("local"));
        assertEquals(List.of("staying"), sessionNames());
        assertEquals(404, server.delete(kicked.location()), "signaling forgot the kicked session");
        server.subscribe(staying, stayingFrames);
        assertFalse(staying.isClosed());
    }

    /** Shutdown: every client is told, the UDP port is released (another socket can bind it), no socket is left. */
    @Test
    void shouldCloseEverySessionAndReleaseThePortOnShutdown() throws Exception {
        final long udpSocketsBefore = OpenFiles.udpSockets();
        server = WebRtcAppliance.start(dir, Map.of());
        final InetSocketAddress udp = server.udp();
        final List<WebRtcClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(server.connect("client-" + i, new Frames()));
        }
        assertEquals(udpSocketsBefore + 4, OpenFiles.udpSockets(), "the appliance's port and three clients'");

        server.appliance.close();
        for (final WebRtcClient client : clients) {
            awaitClosed(client);
            client.close();
            server.closed(client);
        }
        try (DatagramChannel rebound = DatagramChannel.open(StandardProtocolFamily.INET)) {
            rebound.bind(udp); // no SO_REUSEPORT here: fails while any socket still holds the port
        }
        assertEquals(udpSocketsBefore, OpenFiles.udpSockets());
    }

    /** {@code limits.max_sessions = 1}: the second offer is refused with 503 and counted; draining refuses every offer. */
    @Test
    void shouldRefuseSessionsOverTheLimitAndWhileDraining() throws Exception {
        server = WebRtcAppliance.start(dir, Map.of("limits.max_sessions", 1L));
        final WebRtcClient first = server.connect("first", new Frames());

        final IOException full = assertThrows(IOException.class, () -> server.connect("second", new Frames()));
        assertTrue(full.getMessage().startsWith("signaling answered 503"), full.getMessage());
        assertEquals(1, server.metric("deltad_sessions_rejected_total"));
        assertEquals(1, server.metric("deltad_signaling_offers_refused_total", "status", "503"));
        assertEquals(1, server.sessionsGauge());
        assertEquals(1, server.portSessions(), "the refused offer left nothing in the port");

        server.deltactl("drain");
        assertEquals(204, server.delete(first.location()));
        await("deltad_sessions", server::sessionsGauge, v -> v == 0);
        final IOException draining = assertThrows(IOException.class, () -> server.connect("third", new Frames()));
        assertTrue(draining.getMessage().startsWith("signaling answered 503") && draining.getMessage().contains("draining"),
            draining.getMessage());
        assertEquals(2, server.metric("deltad_signaling_offers_refused_total", "status", "503"));
        assertEquals(0, server.portSessions());
    }

    private List<JsonNode> sessions() throws IOException {
        final List<JsonNode> sessions = new ArrayList<>();
        JSON.readTree(server.deltactl("sessions", "--json")).path("sessions").forEach(sessions::add);
        return sessions;
    }

    private List<String> sessionNames() throws IOException {
        return sessions().stream().map(s -> s.get("name").asText()).sorted().toList();
    }
}
