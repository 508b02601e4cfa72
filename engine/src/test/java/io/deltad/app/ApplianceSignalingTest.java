package io.deltad.app;

import io.deltad.config.DeltadConfig;
import io.deltad.counters.CountersFileReader;
import io.deltad.io.SessionSpec;
import io.deltad.signaling.Admission;
import io.deltad.signaling.OfferParams;
import io.deltad.signaling.SessionBroker;
import io.deltad.signaling.TransportNotEnabledBroker;
import io.deltad.token.SessionTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The appliance runs signaling from its config: bound at start, offers refused with 503 until a session layer is
 * plugged in through {@link Appliance#sessionBroker}, drain shown on /healthz, and the counters in the counters file
 * that {@code deltactl stat} reads.
 */
class ApplianceSignalingTest {
    private static final String KEY = "appliance-signaling-key-0123456789-0123";

    @TempDir
    Path dir;

    private Appliance appliance;
    private HttpClient http;
    private URI base;
    private String token;

    @BeforeEach
    void start() throws Exception {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("board.toml"), "[type]\nname = \"board\"\nid = 1\nopaque = true\n");
        final DeltadConfig config = DeltadConfig.builder(dir)
            .set("node.name", "signaling-test")
            .set("schemas.dir", schemas.toString())
            .set("counters.file", dir.resolve("counters.dat").toString())
            .set("control.socket", dir.resolve("control.sock").toString())
            .set("store.size", "16MiB")
            .set("tokens.key", KEY)
            .set("signaling.listen", "127.0.0.1:0")
            .build();
        appliance = Appliance.start(config);
        final InetSocketAddress address = appliance.signalingAddress().orElseThrow();
        assertNotEquals(0, address.getPort(), "the bound port is reported, not the 0 asked for");
        base = URI.create("http://127.0.0.1:" + address.getPort());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        token = new SessionTokens(KEY.getBytes(StandardCharsets.UTF_8), "k1", 3600)
            .issue(new SessionSpec("alice", List.of("board/*"), List.of("board/*"), List.of()), 600, Instant.now());
    }

    @AfterEach
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
        if (http != null) {
            http.close();
        }
    }

    private HttpResponse<String> offer() throws Exception {
        final String sdp;
        try (InputStream in = getClass().getResourceAsStream("/io/deltad/signaling/chromium-150-loopback-offer.sdp")) {
            sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return http.send(HttpRequest.newBuilder(base.resolve("/v1/sessions"))
            .header("Content-Type", "application/sdp").header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(sdp)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseOffersUntilABrokerIsPluggedInAndCountBoth() throws Exception {
        final HttpResponse<String> refused = offer();
        assertEquals(503, refused.statusCode());
        assertEquals(TransportNotEnabledBroker.REASON + "\n", refused.body());

        appliance.sessionBroker(new SessionBroker() {
            @Override
            public Admission open(final OfferParams offer, final SessionSpec claims, final InetSocketAddress remote) {
                return new Admission.Accepted("c2Vzc2lvbi0x", "srvU", "serverpasswordserverpw", "3A:".repeat(31) + "3A",
                    List.of(new InetSocketAddress("127.0.0.1", 40000)), 65536);
            }

            @Override
            public boolean close(final String sessionId) {
                return true;
            }
        });
        final HttpResponse<String> accepted = offer();
        assertEquals(201, accepted.statusCode(), accepted.body());
        assertEquals("/v1/sessions/c2Vzc2lvbi0x", accepted.headers().firstValue("Location").orElseThrow());

        try (CountersFileReader reader = CountersFileReader.open(appliance.countersFile().path())) {
            final Map<String, Long> counters = reader.snapshot();
            assertEquals(1L, counters.get("signaling offers accepted"), counters.toString());
            assertEquals(1L, counters.get("signaling offers refused: 503"), counters.toString());
            assertEquals(0L, counters.get("signaling rate limited"), counters.toString());
        }
    }

    @Test
    void shouldSayDrainingOnHealthzAndRefuseOffers() throws Exception {
        assertEquals(200, get("/healthz").statusCode());
        appliance.engine().drain();
        final HttpResponse<String> health = get("/healthz");
        assertEquals(503, health.statusCode());
        assertEquals("draining\n", health.body());
        final HttpResponse<String> refused = offer();
        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().startsWith("draining"), refused.body());
    }

    @Test
    void shouldCloseTheSignalingPortWithTheAppliance() throws Exception {
        appliance.close();
        appliance = null;
        try {
            get("/healthz");
            throw new AssertionError("the port still answers");
        } catch (final java.io.IOException expected) {
            // connection refused: the port is closed
        }
    }
}
