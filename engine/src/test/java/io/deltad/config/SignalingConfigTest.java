package io.deltad.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import static io.deltad.config.ConfigFiles.CORES;
import static io.deltad.config.ConfigFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code [signaling]}: off unless listen is set, needs the token key, every key checked with file:line. */
class SignalingConfigTest {
    private static final String TOKENS = "[tokens]\nkey = \"config-test-key-0123456789-0123456789\"\nmax_ttl = \"1h\"\n";

    @TempDir
    Path dir;

    @Test
    void shouldBeDisabledWhenSectionIsAbsent() {
        final SignalingConfig signaling = ConfigFiles.load(dir, CORES).signaling();
        assertFalse(signaling.enabled());
        assertTrue(signaling.listen().isEmpty());
        assertEquals("[signaling] disabled", signaling.toString());
    }

    @Test
    void shouldApplyDefaults() {
        final SignalingConfig signaling = ConfigFiles.load(dir, CORES + TOKENS + "[signaling]\nlisten = \"127.0.0.1:8080\"\n").signaling();
        assertTrue(signaling.enabled());
        assertEquals(new InetSocketAddress("127.0.0.1", 8080), signaling.listen().orElseThrow());
        assertEquals("", signaling.allowOrigin());
        assertEquals(10, signaling.rateLimitPerSec());
        assertEquals(20, signaling.rateLimitBurst());
        assertEquals(65536, signaling.maxOfferBytes());
        assertFalse(signaling.demoTokens());
        assertEquals(600_000_000_000L, signaling.demoTokenTtlNs());
        assertEquals("[signaling] listen=127.0.0.1:8080 allow_origin=\"\" rate_limit_per_sec=10 rate_limit_burst=20 " +
            "max_offer_bytes=64KiB demo_tokens=false", signaling.toString());
    }

    @Test
    void shouldReadEveryKey() {
        final SignalingConfig signaling = ConfigFiles.load(dir, CORES + TOKENS + """
            [signaling]
            listen = "[::1]:0"
            allow_origin = "https://app.example.com:8443"
            rate_limit_per_sec = 0
            rate_limit_burst = 5
            max_offer_bytes = "16KiB"
            demo_tokens = true
            demo_token_read = ["board/*", "note/7"]
            demo_token_write = []
            demo_token_ttl = "30s"
            """).signaling();
        assertEquals(0, signaling.listen().orElseThrow().getPort());
        assertEquals("https://app.example.com:8443", signaling.allowOrigin());
        assertEquals(0, signaling.rateLimitPerSec());
        assertEquals(5, signaling.rateLimitBurst());
        assertEquals(16384, signaling.maxOfferBytes());
        assertTrue(signaling.demoTokens());
        assertEquals(List.of("board/*", "note/7"), signaling.demoTokenRead());
        assertEquals(List.of(), signaling.demoTokenWrite());
        assertEquals(30_000_000_000L, signaling.demoTokenTtlNs());
        assertTrue(signaling.toString().contains("demo_token_read=[board/*, note/7]"), signaling.toString());
    }

    @Test
    void shouldBeDisabledByEnabledFalseWithoutNeedingTokens() {
        assertFalse(ConfigFiles.load(dir, CORES + "[signaling]\nlisten = \"127.0.0.1:8080\"\nenabled = false\n")
            .signaling().enabled());
    }

    @Test
    void shouldRefuseSignalingWithoutATokenKey() {
        assertFails(dir, CORES + "[signaling]\nlisten = \"127.0.0.1:8080\"\n", 7, "signaling.listen", "needs tokens.key_file");
    }

    @Test
    void shouldRefuseEnabledWithoutListen() {
        assertFails(dir, CORES + TOKENS + "[signaling]\nenabled = true\n", 10, "signaling.enabled", "needs signaling.listen");
    }

    @Test
    void shouldRefuseMalformedValuesAtTheirLine() {
        final String section = CORES + TOKENS + "[signaling]\nlisten = \"127.0.0.1:8080\"\n";
        assertFails(dir, CORES + TOKENS + "[signaling]\nlisten = \"127.0.0.1\"\n", 10, "signaling.listen", "must be \"host:port\"");
        assertFails(dir, section + "allow_origin = \"https://app.example.com/path\"\n", 11, "signaling.allow_origin", "no path");
        assertFails(dir, section + "allow_origin = \"app.example.com\"\n", 11, "signaling.allow_origin", "one origin");
        assertFails(dir, section + "rate_limit_burst = 0\n", 11, "signaling.rate_limit_burst", "between 1 and");
        assertFails(dir, section + "max_offer_bytes = \"2MiB\"\n", 11, "signaling.max_offer_bytes", "between 1KiB and 1MiB");
        assertFails(dir, section + "demo_token_read = \"board/*\"\n", 11, "signaling.demo_token_read", "array of strings");
        assertFails(dir, section + "demo_token_read = [\"board/*\", 7]\n", 11, "signaling.demo_token_read[1]", "must be a string");
        assertFails(dir, section + "demo_token_read = [\"board\"]\n", 11, "signaling.demo_token_read", "document pattern");
        assertFails(dir, section + "demo_token_ttl = \"2h\"\n", 11, "signaling.demo_token_ttl", "between 1s and 1h");
        assertFails(dir, section + "demo_tokens = true\n", 11, "signaling.demo_tokens", "read and write nothing");
        assertFails(dir, section + "demo_token = true\n", 11, "signaling.demo_token", "did you mean");
    }
}
