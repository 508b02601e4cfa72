package io.deltad.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.deltad.config.ConfigFiles.CORES;
import static io.deltad.config.ConfigFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code [control]}: the control socket's path and connection bound, validated like every other section. */
class ControlConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldDefaultToPerNodeSocketWhenSectionIsAbsent() {
        final ControlConfig control = ConfigFiles.load(dir, CORES).control();
        final String expected = ControlConfig.currentUid() == 0 ? "/run/deltad-deltad/control.sock" : "/deltad-deltad/control.sock";
        assertTrue(control.socket().toString().endsWith(expected.substring(expected.indexOf("/deltad-"))), control.socket().toString());
        if (ControlConfig.currentUid() == 0) {
            assertEquals(Path.of("/run/deltad-deltad/control.sock"), control.socket());
        }
        assertEquals(64, control.maxConnections());
    }

    @Test
    void shouldResolveRelativeSocketAgainstConfigDirectory() {
        final ControlConfig control = ConfigFiles.load(dir, CORES + "[control]\nsocket = \"run/ctl.sock\"\nmax_connections = 3\n").control();
        assertEquals(dir.resolve("run/ctl.sock").toAbsolutePath().normalize(), control.socket());
        assertEquals(3, control.maxConnections());
    }

    @Test
    void shouldRejectSocketPathLongerThanASocketAddressHolds() {
        assertFails(dir, CORES + "[control]\nsocket = \"/tmp/" + "x".repeat(120) + "\"\n", 7, "control.socket",
            "must be at most 107 bytes");
    }

    @Test
    void shouldRejectMaxConnectionsOutOfRange() {
        assertFails(dir, CORES + "[control]\nmax_connections = 0\n", 7, "control.max_connections", "must be between 1 and 4096");
    }

    @Test
    void shouldRejectUnknownKeyInControlSection() {
        assertFails(dir, CORES + "[control]\nsockets = \"/tmp/x.sock\"\n", 7, "control.sockets", "did you mean 'socket'?");
    }
}
