package io.deltad.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltad.config.SignalingConfig;
import io.deltad.io.SessionSpec;
import io.deltad.token.SessionTokens;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GET /v1/demo-token}: a short-lived token with the claims of {@code [signaling] demo_token_read/write}, so
 * someone who opens the demo page sees it work without minting a token first. Development only
 * ({@code demo_tokens = true}): anyone who reaches the endpoint gets one. The subject is {@code demo-<8 hex>}, a
 * fresh one per token, so the sessions of two people trying the demo tell apart in {@code deltactl sessions}.
 *
 * <pre>
 * {"token":"eyJ...","sub":"demo-1f2e3d4c","read":["board/*"],"write":["board/*"],"expires_at":1767225600,"ttl":600}
 * </pre>
 */
final class DemoTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SessionTokens tokens;
    private final List<String> read;
    private final List<String> write;
    private final long ttlSeconds;
    private final InstantSource clock;

    DemoTokens(final SessionTokens tokens, final SignalingConfig config, final InstantSource clock) {
        this.tokens = tokens;
        this.read = config.demoTokenRead();
        this.write = config.demoTokenWrite();
        this.ttlSeconds = Math.max(1, config.demoTokenTtlNs() / 1_000_000_000L);
        this.clock = clock;
    }

    /** @return the JSON body of a new token. */
    byte[] issue() {
        final Instant now = clock.instant();
        final String subject = "demo-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        final String token = tokens.issue(new SessionSpec(subject, read, write, List.of()), ttlSeconds, now);
        final ObjectNode body = JSON.createObjectNode();
        body.put("token", token);
        body.put("sub", subject);
        read.forEach(body.putArray("read")::add);
        write.forEach(body.putArray("write")::add);
        body.put("expires_at", now.getEpochSecond() + ttlSeconds);
        body.put("ttl", ttlSeconds);
        return (body + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
