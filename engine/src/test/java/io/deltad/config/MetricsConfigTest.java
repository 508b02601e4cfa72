package io.deltad.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import static io.deltad.config.ConfigFiles.CORES;
import static io.deltad.config.ConfigFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code [metrics]}: off unless a listen address is given; the address is checked for form at load. */
class MetricsConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldBeDisabledWhenSectionIsAbsent() {
        final MetricsConfig metrics = ConfigFiles.load(dir, CORES).metrics();
        assertFalse(metrics.enabled());
        assertTrue(metrics.listen().isEmpty());
        assertEquals("[metrics] disabled", metrics.toString());
    }

    @Test
    void shouldParseHostAndPort() {
        final MetricsConfig metrics = ConfigFiles.load(dir, CORES + "[metrics]\nlisten = \"127.0.0.1:9090\"\n").metrics();
        assertTrue(metrics.enabled());
        assertEquals(new InetSocketAddress("127.0.0.1", 9090), metrics.listen().orElseThrow());
        assertEquals("[metrics] listen=127.0.0.1:9090", metrics.toString());
    }

    @Test
    void shouldAcceptBracketedIpv6AndEphemeralPort() {
        final MetricsConfig metrics = ConfigFiles.load(dir, CORES + "[metrics]\nlisten = \"[::1]:0\"\n").metrics();
        assertEquals(0, metrics.listen().orElseThrow().getPort());
        assertEquals("[metrics] listen=[::1]:0", metrics.toString());
    }

    @Test
    void shouldBeDisabledByEmptyListenOrEnabledFalse() {
        assertFalse(ConfigFiles.load(dir, CORES + "[metrics]\nlisten = \"\"\n").metrics().enabled());
        assertFalse(ConfigFiles.load(dir, CORES + "[metrics]\nlisten = \"127.0.0.1:9090\"\nenabled = false\n")
            .metrics().enabled());
    }

    @Test
    void shouldRejectEnabledWithoutListen() {
        assertFails(dir, CORES + "[metrics]\nenabled = true\n", 7, "metrics.enabled", "needs metrics.listen");
    }

    @Test
    void shouldRejectAddressWithoutPort() {
        assertFails(dir, CORES + "[metrics]\nlisten = \"127.0.0.1\"\n", 7, "metrics.listen", "must be \"host:port\"");
        assertFails(dir, CORES + "[metrics]\nlisten = \":9090\"\n", 7, "metrics.listen", "must be \"host:port\"");
    }

    @Test
    void shouldRejectPortOutOfRangeOrNotANumber() {
        assertFails(dir, CORES + "[metrics]\nlisten = \"127.0.0.1:65536\"\n", 7, "metrics.listen",
            "port must be between 0 and 65535, got 65536");
        assertFails(dir, CORES + "[metrics]\nlisten = \"127.0.0.1:http\"\n", 7, "metrics.listen",
            "port must be a number");
    }

    @Test
    void shouldRejectUnbracketedIpv6() {
        assertFails(dir, CORES + "[metrics]\nlisten = \"::1:9090\"\n", 7, "metrics.listen", "in brackets");
    }

    @Test
    void shouldCheckListenEvenWhenDisabled() {
        assertFails(dir, CORES + "[metrics]\nlisten = \"localhost:99999\"\nenabled = false\n", 7, "metrics.listen",
            "port must be between");
    }

    @Test
    void shouldRejectUnknownKey() {
        assertFails(dir, CORES + "[metrics]\nlissen = \"127.0.0.1:9090\"\n", 7, "metrics.lissen", "did you mean 'listen'?");
    }

    @Test
    void shouldRejectNonStringListen() {
        assertFails(dir, CORES + "[metrics]\nlisten = 9090\n", 7, "metrics.listen", "must be a string");
    }
}
