package io.deltad.tools.client;

import io.deltad.app.Appliance;
import io.deltad.config.DeltadConfig;
import io.deltad.io.SessionSpec;
import io.deltad.io.webrtc.WebRtcPort;
import io.deltad.io.webrtc.WebRtcTransport;
import io.deltad.token.SessionTokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltad.tools.ctl.DeltaCtl;
import io.deltad.tools.metrics.PrometheusTextParser;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real appliance on loopback for the WebRTC session tests, seen the way an operator and a client see it: signaling
 * ({@code POST /v1/sessions}), the UDP port of its one IoAgent, {@code /metrics} and {@code deltactl}. Clients made
 * here are closed with it.
 */
final class WebRtcAppliance implements AutoCloseable {
    static final String KEY = "webrtc-session-tests-key-0123456789-01234";
    static final long DOC = DocIds.of(1, 7);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    final Path dir;
    final Appliance appliance;
    final URI signaling;
    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<WebRtcClient> clients = Collections.synchronizedList(new ArrayList<>());

    private WebRtcAppliance(final Path dir, final Appliance appliance) {
        this.dir = dir;
        this.appliance = appliance;
        this.signaling = URI.create("http://127.0.0.1:" + appliance.signalingAddress().orElseThrow().getPort());
        this.metrics = URI.create("http://127.0.0.1:" + appliance.metricsAddress().orElseThrow().getPort() + "/metrics");
    }

    /** Starts an appliance with signaling, metrics and [webrtc] on ephemeral ports; {@code settings} override keys. */
    static WebRtcAppliance start(final Path dir, final Map<String, Object> settings) throws IOException {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("board.toml"), "[type]\nname = \"board\"\nid = 1\nopaque = true\n");
        final DeltadConfig.Builder config = DeltadConfig.builder(dir)
            .set("node.name", "webrtc-sessions")
            .set("schemas.dir", schemas.toString())
            .set("counters.file", dir.resolve("counters.dat").toString())
            .set("control.socket", dir.resolve("control.sock").toString())
            .set("store.size", "16MiB")
            .set("tokens.key", KEY)
            .set("metrics.listen", "127.0.0.1:0")
            .set("signaling.listen", "127.0.0.1:0")
            .set("signaling.rate_limit_per_sec", 0L)
            .set("webrtc.address", "127.0.0.1")
            .set("webrtc.port", 0L);
        settings.forEach(config::set);
        return new WebRtcAppliance(dir, Appliance.start(config.build()));
    }

    /** A token named {@code name} (the name {@code deltactl sessions} lists) that may read and write board/*. */
    String token(final String name) {
        return new SessionTokens(KEY.getBytes(StandardCharsets.UTF_8), "k1", 3600)
            .issue(new SessionSpec(name, List.of("board/*"), List.of("board/*"), List.of()), 600, Instant.now());
    }

    /** The UDP address of the (only) IoAgent's WebRTC socket. */
    InetSocketAddress udp() {
        return appliance.webRtcAddresses().getFirst();
    }

    /** Connects a client with a token named {@code name}; it belongs to the calling thread from here on. */
    WebRtcClient connect(final String name, final WebRtcClient.MessageHandler handler)
        throws IOException, InterruptedException {
        return connect(name, handler, WebRtcClient.Options.BROWSER);
    }

    WebRtcClient connect(final String name, final WebRtcClient.MessageHandler handler,
        final WebRtcClient.Options options) throws IOException, InterruptedException {
        final WebRtcClient client = WebRtcClient.connect(signaling, token(name), CONNECT_TIMEOUT, handler, options);
        clients.add(client);
        return client;
    }

    /** Forgets {@code client} so {@link #close()} does not close it (the test did). */
    void closed(final WebRtcClient client) {
        clients.remove(client);
    }

    // ---------------------------------------------------------------- what the operator sees

    /** {@code deltad_webrtc_drops_total{reason}}: {@code webrtc drops: <reason>}. */
    long drops(final String reason) throws IOException, InterruptedException {
        return metric("deltad_webrtc_drops_total", "reason", reason);
    }

    /** {@code deltad_webrtc_sessions_closed_total{reason}}: {@code webrtc sessions closed: <reason>}. */
    long closed(final String reason) throws IOException, InterruptedException {
        return metric("deltad_webrtc_sessions_closed_total", "reason", reason);
    }

    /** One sample of {@code /metrics}: {@code family} without labels. */
    long metric(final String family) throws IOException, InterruptedException {
        return metric(family, null, null);
    }

    /** One sample of {@code /metrics}: {@code family} with {@code label = value} (null: the unlabelled sample). */
    long metric(final String family, final String label, final String value) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        // Read with the same independent Prometheus parser as MetricsEndpointTest: what a scraper would see.
        final JsonNode points = PrometheusTextParser.parse(response.body()).get(family);
        if (points != null) {
            for (final JsonNode point : points.get("metrics")) {
                final JsonNode labels = point.get("labels");
                final boolean unlabelled = labels == null || labels.isEmpty();
                if (label == null ? unlabelled : !unlabelled && value.equals(labels.path(label).asText(null))) {
                    return (long) Double.parseDouble(point.get("value").asText());
                }
            }
        }
        return 0; // a keyed counter that was never allocated has not moved
    }

    /** A value read from the appliance. */
    @FunctionalInterface
    interface Reading {
        long read() throws Exception;
    }

    /** Reads until {@code condition} holds; fails with {@code what} and the last value after 10 s. */
    static long await(final String what, final Reading reading, final LongPredicate condition) throws Exception {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long value;
        while (!condition.test(value = reading.read())) {
            if (System.nanoTime() > deadlineNs) {
                fail(what + " stayed at " + value);
            }
            Thread.sleep(20);
        }
        return value;
    }

    /** {@code deltad_sessions}: sessions attached to the IoAgents. */
    long sessionsGauge() throws IOException, InterruptedException {
        return metric("deltad_sessions");
    }

    /** Runs {@code deltactl args... --socket <control socket>}; fails unless it exits 0; returns its output. */
    String deltactl(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final List<String> all = new ArrayList<>(List.of(args));
        all.add("--socket");
        all.add(appliance.control().socketPath().toString());
        final int exit = DeltaCtl.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        assertEquals(0, exit, "deltactl " + String.join(" ", args) + ": " + err);
        return out.toString();
    }

    /** Sessions open in the WebRTC port of IoAgent 0 (its own table, asked on its own thread). */
    int portSessions() throws Exception {
        return (int) askPort(WebRtcPort::sessionCount);
    }

    /** Native memory the WebRTC port of IoAgent 0 holds for its sessions' staging buffers. */
    long portStagingBytes() throws Exception {
        return askPort(WebRtcPort::stagingBytes);
    }

    private long askPort(final java.util.function.ToLongFunction<WebRtcPort> question) throws Exception {
        final WebRtcTransport transport = (WebRtcTransport) appliance.engine().context().transport();
        final CompletableFuture<Long> answer = new CompletableFuture<>();
        assertTrue(appliance.engine().ioAgents()[0].execute(agent -> answer.complete(question.applyAsLong(transport.port(0)))));
        return answer.get(5, TimeUnit.SECONDS);
    }

    /** {@code DELETE} of a session's signaling resource; returns the status. */
    int delete(final URI location) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(location).DELETE().build(), HttpResponse.BodyHandlers.discarding())
            .statusCode();
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(WebRtcClient::close);
            clients.clear();
        }
        appliance.close();
        http.close();
    }

    // ---------------------------------------------------------------- client side

    /** The frames a client received, as {type, docId, seq}, in order; filled by its poll. */
    static final class Frames implements WebRtcClient.MessageHandler {
        private final FrameHeader header = new FrameHeader();
        final List<long[]> received = new ArrayList<>();

        @Override
        public void onMessage(final MemorySegment segment, final long offset, final int length) {
            long position = offset;
            while (position < offset + length) {
                header.wrap(segment, position);
                received.add(new long[] {header.type(), header.docId(), header.seq()});
                position += header.frameLength();
            }
        }

        long count(final int type) {
            return received.stream().filter(f -> f[0] == type).count();
        }
    }

    /** Polls {@code client} until it has {@code count} frames of {@code type}; fails after 10 s. */
    static void awaitFrames(final WebRtcClient client, final Frames frames, final int type, final long count)
        throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (frames.count(type) < count) {
            assertTrue(System.nanoTime() < deadlineNs, "timed out waiting for " + count + " frames of type " + type
                + "; got " + frames.count(type) + ", session " + client.closedReason());
            if (client.poll() == 0) {
                Thread.sleep(1);
            }
        }
    }

    /** Polls {@code client} until the session is closed; fails after 10 s. */
    static void awaitClosed(final WebRtcClient client) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isClosed()) {
            assertTrue(System.nanoTime() < deadlineNs, "the client never saw its session close");
            if (client.poll() == 0) {
                Thread.sleep(1);
            }
        }
    }

    /**
     * Runs {@code reading} on another thread while this one keeps polling {@code client} (its consent checks go on),
     * and returns what it read.
     */
    static <T> T pollWhile(final WebRtcClient client, final java.util.concurrent.Callable<T> reading) throws Exception {
        final CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(reading.call());
            } catch (final Throwable ex) {
                result.completeExceptionally(ex);
            }
        });
        while (!result.isDone()) {
            if (client.poll() == 0) {
                Thread.sleep(1);
            }
        }
        return result.get();
    }

    /** Polls {@code client} for {@code duration}, as an application's loop would. */
    static void pollFor(final WebRtcClient client, final Duration duration) throws InterruptedException {
        final long endNs = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < endNs) {
            if (client.poll() == 0) {
                Thread.sleep(1);
            }
        }
    }

    private final MemorySegment frame = Arena.ofAuto().allocate(256, 8);
    private final FrameHeader out = new FrameHeader();

    /** SUBSCRIBE to {@link #DOC} and wait for SUBSCRIBED. */
    void subscribe(final WebRtcClient client, final Frames frames) throws InterruptedException {
        synchronized (frame) {
            out.wrap(frame, 0).write(FrameType.SUBSCRIBE, 0, DOC, 1, 0);
            assertEquals(0, client.send(frame, 0, FrameHeader.LENGTH));
        }
        awaitFrames(client, frames, FrameType.SUBSCRIBED, 1);
    }

    /** Publishes deltas {@code fromSeq..toSeq} (clientSeq) of 8 bytes each to {@link #DOC}, retrying when SCTP is full. */
    void publish(final WebRtcClient client, final long fromSeq, final long toSeq) {
        synchronized (frame) {
            for (long seq = fromSeq; seq <= toSeq; seq++) {
                out.wrap(frame, 0).write(FrameType.DELTA, 0, DOC, seq, 8);
                frame.set(ValueLayout.JAVA_LONG_UNALIGNED, FrameHeader.LENGTH, seq);
                while (client.send(frame, 0, FrameHeader.LENGTH + 8) != 0) {
                    client.poll();
                }
            }
        }
    }
}
