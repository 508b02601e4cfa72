package io.deltad.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code [control]}: the Unix domain socket {@code deltactl} talks to. Its path must fit a {@code sockaddr_un}
 * (107 bytes and a NUL), which is why the length is checked here rather than failing at bind time.
 */
public final class ControlConfig {
    static final String SECTION = "control";
    static final String SOCKET = "socket";
    static final String MAX_CONNECTIONS = "max_connections";
    private static final List<String> KEYS = List.of(SOCKET, MAX_CONNECTIONS);

    static final long MAX_CONNECTIONS_DEFAULT = 64;
    static final long MAX_CONNECTIONS_MAX = 4096;
    /** {@code sizeof(sockaddr_un.sun_path) - 1} on Linux. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private final Path socket;
    private final int maxConnections;

    private ControlConfig(final Path socket, final int maxConnections) {
        this.socket = socket;
        this.maxConnections = maxConnections;
    }

    static ControlConfig from(final ConfigSource source, final NodeConfig node) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final Path socket = reader.path(SOCKET, defaultSocket(node.name()));
        final int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH_BYTES) {
            throw reader.fail(SOCKET, "must be at most " + MAX_SOCKET_PATH_BYTES +
                " bytes (the limit of a Unix socket address), got " + length + " bytes: " + socket);
        }
        final long maxConnections = reader.integer(MAX_CONNECTIONS, MAX_CONNECTIONS_DEFAULT, 1, MAX_CONNECTIONS_MAX);
        return new ControlConfig(socket, (int) maxConnections);
    }

    /**
     * Root gets {@code /run}, as a system service would; anyone else a per-user runtime directory, so two users'
     * appliances on one host never share a socket.
     */
    static String defaultSocket(final String nodeName) {
        final int uid = currentUid();
        if (uid == 0) {
            return "/run/deltad-" + nodeName + "/control.sock";
        }
        final String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            return runtimeDir + "/deltad-" + nodeName + "/control.sock";
        }
        return "/tmp/deltad-" + uid + '-' + nodeName + "/control.sock";
    }

    /** @return the uid of this process (from {@code /proc/self}), or -1 where that is not available. */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (final IOException | UnsupportedOperationException ex) {
            return -1;
        }
    }

    /** @return the absolute path of the control socket. */
    public Path socket() {
        return socket;
    }

    /** @return most control connections open at once; more are refused with an error line. */
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public String toString() {
        return "[control] socket=" + socket + " max_connections=" + maxConnections;
    }
}
