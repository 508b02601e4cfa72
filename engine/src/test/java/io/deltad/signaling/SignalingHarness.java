package io.deltad.signaling;

import io.deltad.config.DeltadConfig;
import io.deltad.counters.DeltadCounters;
import io.deltad.io.SessionSpec;
import io.deltad.schema.SchemaRegistry;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real signaling server on an ephemeral loopback port, configured through {@link DeltadConfig} exactly as the
 * appliance is, with real tokens, real schemas ({@code board} id 1, {@code note} id 2), counters in memory, a
 * {@link RecordingSessionBroker}, a {@link MovableClock}, and a {@link HttpClient} to talk to it.
 */
final class SignalingHarness implements AutoCloseable {
    static final String KEY = "signaling-test-key-0123456789-0123456789";
    static final String KEY_ID = "k1";
    static final long MAX_TTL_SECONDS = 3600;

    final MovableClock clock = new MovableClock();
    final RecordingSessionBroker broker = new RecordingSessionBroker();
    final AtomicBoolean draining = new AtomicBoolean();
    final io.deltad.token.SessionTokens tokens =
        new io.deltad.token.SessionTokens(KEY.getBytes(StandardCharsets.UTF_8), KEY_ID, MAX_TTL_SECONDS);
    final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(128 * CountersReader.METADATA_LENGTH)),
        new UnsafeBuffer(ByteBuffer.allocateDirect(128 * CountersReader.COUNTER_LENGTH)),
        StandardCharsets.US_ASCII);
    final SignalingServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    final URI base;

    SignalingHarness(final Path dir, final Map<String, Object> settings) {
        this(dir, settings, context -> { });
    }

    SignalingHarness(final Path dir, final Map<String, Object> settings, final Consumer<SignalingContext> configure) {
        final Path schemas = dir.resolve("schemas");
        try {
            Files.createDirectories(schemas);
            Files.writeString(schemas.resolve("board.toml"), "[type]\nname = \"board\"\nid = 1\nopaque = true\n");
            Files.writeString(schemas.resolve("note.toml"), "[type]\nname = \"note\"\nid = 2\nopaque = true\n");
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        final DeltadConfig.Builder builder = DeltadConfig.builder(dir)
            .set("schemas.dir", schemas.toString())
            .set("tokens.key", KEY)
            .set("tokens.key_id", KEY_ID)
            .set("tokens.max_ttl", MAX_TTL_SECONDS + "s")
            .set("signaling.listen", "127.0.0.1:0");
        settings.forEach(builder::set);
        final DeltadConfig config = builder.build();
        final SchemaRegistry registry = SchemaRegistry.load(schemas);
        server = SignalingServer.bind(config.signaling());
        final SignalingContext context = new SignalingContext()
            .tokens(tokens)
            .schemas(() -> registry)
            .counters(new DeltadCounters(counters))
            .broker(broker)
            .draining(draining::get)
            .clock(clock);
        configure.accept(context);
        server.start(context);
        base = URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    /** A token signed with the server's key, valid for 10 minutes from the test clock's now. */
    String token(final List<String> read, final List<String> write) {
        return tokens.issue(new SessionSpec("alice", read, write, List.of()), 600, clock.instant());
    }

    String boardToken() {
        return token(List.of("board/*"), List.of("board/*"));
    }

    /** A request to {@code pathAndQuery} as written: not resolved, so {@code ..} segments are sent as they are. */
    HttpRequest.Builder request(final String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line) byte for byte on a socket of its own,
     * for what {@link HttpClient} would refuse to send or normalise (bad escapes, {@code ..}).
     *
     * @return the status code.
     */
    int raw(final String head) {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            final String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@code POST /v1/sessions{query}} with an SDP body and a bearer token (null: no Authorization header). */
    HttpRequest.Builder offer(final String query, final String sdp, final String token) {
        final HttpRequest.Builder request = request(SessionsResource.PATH + query)
            .header("Content-Type", "application/sdp")
            .POST(HttpRequest.BodyPublishers.ofString(sdp));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(final HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The value of the counter labelled {@code label}, or -1 when there is none. */
    long counter(final String label) {
        final AtomicLong value = new AtomicLong(-1);
        counters.forEach((id, typeId, key, counterLabel) -> {
            if (counterLabel.equals(label)) {
                value.set(counters.getCounterValue(id));
            }
        });
        return value.get();
    }

    @Override
    public void close() {
        server.close();
        http.close();
    }
}
