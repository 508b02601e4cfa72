package io.deltad.tools.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltad.app.Appliance;
import io.deltad.config.DeltadConfig;
import io.deltad.io.SessionSpec;
import io.deltad.io.local.LocalClient;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} of a real appliance, scraped over HTTP and read by an independent Prometheus text parser: the
 * counters {@code deltactl stat} shows, under {@code deltad_*} names, with labels from their keys and the right
 * types; and the admin port's other answers (healthz, 404, 405).
 */
class MetricsEndpointTest {
    private static final int BLOB_TYPE = 3;
    private static final int UNKNOWN_TYPE = 9;

    @TempDir
    Path dir;

    private Appliance appliance;
    private HttpClient http;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("blob.toml"), "[type]\nname = \"blob\"\nid = " + BLOB_TYPE + "\nopaque = true\n");
        final DeltadConfig config = DeltadConfig.builder(dir)
            .set("node.name", "metrics-test")
            .set("schemas.dir", schemas.toString())
            .set("counters.file", dir.resolve("counters.dat").toString())
            .set("control.socket", dir.resolve("control.sock").toString())
            .set("store.size", "16MiB")
            .set("metrics.listen", "127.0.0.1:0")
            .build();
        appliance = Appliance.start(config);
        final InetSocketAddress address = appliance.metricsAddress().orElseThrow();
        assertNotEquals(0, address.getPort(), "the bound port is reported, not the 0 asked for");
        base = URI.create("http://127.0.0.1:" + address.getPort());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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

    @Test
    void shouldExposeLiveCountersThatAPrometheusParserReads() throws Exception {
        final LocalClient client = appliance.engine().connect(SessionSpec.trusted("metrics-test"));
        final MemorySegment frame = Arena.ofAuto().allocate(64, 8);
        for (int seq = 1; seq <= 5; seq++) {
            send(client, frame, DocIds.of(BLOB_TYPE, 1), seq);
        }
        send(client, frame, DocIds.of(UNKNOWN_TYPE, 1), 6); // no schema for type 9: NACK unknown_doc_type

        final long deadline = System.nanoTime() + 10_000_000_000L;
        Map<String, JsonNode> families;
        do {
            Thread.sleep(20);
            final HttpResponse<String> response = get("/metrics");
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
            families = PrometheusTextParser.parse(response.body());
        } while ((value(families, "deltad_deltas_accepted_total", Map.of()) < 5 ||
            value(families, "deltad_deltas_rejected_total", Map.of("code", "unknown_doc_type")) < 1) &&
            System.nanoTime() < deadline);

        assertEquals(5, value(families, "deltad_deltas_accepted_total", Map.of()));
        assertEquals(6, value(families, "deltad_deltas_ingested_total", Map.of()));
        assertEquals(1, value(families, "deltad_deltas_rejected_total", Map.of("code", "unknown_doc_type")));
        assertEquals(0, value(families, "deltad_deltas_rejected_total", Map.of("code", "out_of_bounds")));
        assertEquals(1, value(families, "deltad_up", Map.of()));
        assertEquals(1, value(families, "deltad_info", Map.of("node", "metrics-test")));
        assertEquals(1, value(families, "deltad_sessions", Map.of()));

        // Per-agent series carry the agent's name from the counter key; the work counters moved.
        final Set<String> agents = new HashSet<>();
        for (final JsonNode point : families.get("deltad_agent_work_total").get("metrics")) {
            agents.add(point.get("labels").get("agent").asText());
        }
        assertTrue(agents.containsAll(Set.of("io-0", "doc-0", "conductor")), agents.toString());
        assertTrue(value(families, "deltad_agent_work_total", Map.of("agent", "doc-0")) > 0);
        assertNotNull(point(families, "deltad_subscriber_lag_max", Map.of("agent", "io-0")));
        assertNotNull(point(families, "deltad_ring_full_total", Map.of("from", "io-0", "to", "doc-0")));

        for (final String counter : Set.of("deltad_deltas_accepted_total", "deltad_deltas_rejected_total",
            "deltad_agent_work_total", "deltad_ring_full_total", "deltad_errors_total")) {
            assertEquals("COUNTER", families.get(counter).get("type").asText(), counter);
        }
        for (final String gauge : Set.of("deltad_sessions", "deltad_subscribers", "deltad_documents",
            "deltad_elastic_active", "deltad_chunks_free", "deltad_subscriber_lag_max", "deltad_up")) {
            assertEquals("GAUGE", families.get(gauge).get("type").asText(), gauge);
        }
        assertTrue(value(families, "deltad_chunks_free", Map.of()) > 0);
        assertTrue(value(families, "deltad_documents", Map.of()) >= 1);
        for (final String name : families.keySet()) {
            assertTrue(name.startsWith("deltad_"), name);
        }
    }

    @Test
    void shouldAnswerHealthz() throws Exception {
        final HttpResponse<String> response = get("/healthz");
        assertEquals(200, response.statusCode());
        assertEquals("ok\n", response.body());
    }

    @Test
    void shouldAnswer404ForOtherPaths() throws Exception {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/metrics/extra").statusCode());
        assertEquals(404, get("/favicon.ico").statusCode());
    }

    @Test
    void shouldAnswer405ForOtherMethods() throws Exception {
        final HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
        final HttpResponse<String> delete = http.send(HttpRequest.newBuilder(base.resolve("/healthz")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(405, delete.statusCode());
    }

    @Test
    void shouldStopServingWhenClosed() {
        appliance.close();
        assertThrows(java.io.IOException.class, () -> get("/healthz"));
        assertFalse(appliance.metricsAddress().isEmpty(), "the address stays known for logs");
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static void send(final LocalClient client, final MemorySegment frame, final long docId, final long seq) {
        new FrameHeader().wrap(frame, 0).write(FrameType.DELTA, 0, docId, seq, 8);
        while (!client.send(frame, 0, FrameHeader.LENGTH + 8)) {
            Thread.onSpinWait();
        }
    }

    private static JsonNode point(final Map<String, JsonNode> families, final String name, final Map<String, String> labels) {
        final JsonNode family = families.get(name);
        if (family == null) {
            return null;
        }
        for (final JsonNode point : family.get("metrics")) {
            final JsonNode pointLabels = point.get("labels");
            final int size = pointLabels == null ? 0 : pointLabels.size();
            if (size == labels.size() && labels.entrySet().stream().allMatch(
                label -> label.getValue().equals(pointLabels.path(label.getKey()).asText(null)))) {
                return point;
            }
        }
        return null;
    }

    private static double value(final Map<String, JsonNode> families, final String name, final Map<String, String> labels) {
        final JsonNode point = point(families, name, labels);
        return point == null ? -1 : Double.parseDouble(point.get("value").asText());
    }
}
