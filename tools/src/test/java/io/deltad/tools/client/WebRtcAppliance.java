package io.deltad.tools.client;

import io.deltad.app.Appliance;
import io.deltad.config.DeltadConfig;
import io.deltad.io.SessionSpec;
import io.deltad.token.SessionTokens;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: an appliance started from a config with signaling and WebRTC on loopback (ephemeral ports, an opaque
 * {@code board} type with id 1), tokens for it, and {@link WebRtcClient}s that are closed with it.
 */
final class WebRtcAppliance implements AutoCloseable {
    private static final String KEY = "webrtc-test-key-0123456789-0123456789-0123";

    private final Appliance appliance;
    private final URI base;
    private final SessionTokens tokens = new SessionTokens(KEY.getBytes(StandardCharsets.UTF_8), "k1", 3600);
    private final List<WebRtcClient> clients = new ArrayList<>();

    /** @param settings extra config keys ({@code "webrtc.dedicated_channel_threshold" -> 200L}, ...) */
    WebRtcAppliance(final Path dir, final Map<String, Object> settings) throws IOException {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("board.toml"), "[type]\nname = \"board\"\nid = 1\nopaque = true\n");
        final DeltadConfig.Builder config = DeltadConfig.builder(dir)
            .set("node.name", "webrtc-test")
            .set("schemas.dir", schemas.toString())
            .set("counters.file", dir.resolve("counters.dat").toString())
            .set("control.socket", dir.resolve("control.sock").toString())
            .set("store.size", "32MiB")
            .set("tokens.key", KEY)
            .set("signaling.listen", "127.0.0.1:0")
            .set("webrtc.address", "127.0.0.1")
            .set("webrtc.port", 0L);
        settings.forEach(config::set);
        this.appliance = Appliance.start(config.build());
        this.base = URI.create("http://127.0.0.1:" + appliance.signalingAddress().orElseThrow().getPort());
    }

    Appliance appliance() {
        return appliance;
    }

    URI signalingBase() {
        return base;
    }

    /** A token that may read and write every board document. */
    String token() {
        return tokens.issue(new SessionSpec("test", List.of("board/*"), List.of("board/*"), List.of()), 600, Instant.now());
    }

    /** A session through signaling, closed with the fixture. */
    WebRtcClient connect(final WebRtcClient.MessageHandler handler) throws IOException, InterruptedException {
        final WebRtcClient client = WebRtcClient.connect(base, token(), Duration.ofSeconds(15), handler);
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(WebRtcClient::close);
        appliance.close();
    }
}
