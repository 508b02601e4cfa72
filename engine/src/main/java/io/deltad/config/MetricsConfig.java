package io.deltad.config;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@code [metrics]}: the admin HTTP port that serves the counters at {@code /metrics} in Prometheus text format.
 * Off unless configured: a default port would make two appliances on one host (or two tests in one JVM) collide at
 * start, and exposing a port is an operator's decision. The address is checked for form here (host, port range) so a
 * typo fails at load with file:line; whether the host resolves and the port is free is only known at bind time.
 */
public final class MetricsConfig {
    static final String SECTION = "metrics";
    static final String LISTEN = "listen";
    static final String ENABLED = "enabled";
    private static final List<String> KEYS = List.of(LISTEN, ENABLED);
    static final int MAX_PORT = 65535;

    private final String host;
    private final int port;

    private MetricsConfig(final String host, final int port) {
        this.host = host;
        this.port = port;
    }

    static MetricsConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final String listen = reader.string(LISTEN, "").strip();
        final boolean enabled = reader.bool(ENABLED, !listen.isEmpty());
        if (listen.isEmpty()) {
            if (enabled) {
                throw reader.fail(ENABLED, "enabled = true needs metrics.listen = \"host:port\"");
            }
            return new MetricsConfig(null, -1);
        }
        // Checked even when disabled, so flipping enabled back on cannot surface a stale typo at the next start.
        final int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw reader.fail(LISTEN, "must be \"host:port\" (e.g. \"127.0.0.1:9090\", \"[::1]:9090\"), got \"" + listen + '"');
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw reader.fail(LISTEN, "an IPv6 host must be in brackets, e.g. \"[::1]:9090\", got \"" + listen + '"');
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw reader.fail(LISTEN, "host must be a printable name or address, got \"" + listen + '"');
        }
        final String portText = listen.substring(colon + 1);
        final int port;
        try {
            port = Integer.parseInt(portText);
        } catch (final NumberFormatException ex) {
            throw reader.fail(LISTEN, "port must be a number, got \"" + portText + '"');
        }
        if (port < 0 || port > MAX_PORT) {
            throw reader.fail(LISTEN, "port must be between 0 and " + MAX_PORT + ", got " + port);
        }
        return enabled ? new MetricsConfig(host, port) : new MetricsConfig(null, -1);
    }

    /** @return whether the metrics server runs. */
    public boolean enabled() {
        return host != null;
    }

    /**
     * @return the address to bind, resolved now (so a name that stopped resolving fails at start, not at load);
     *         empty when disabled. Port 0 asks for an ephemeral port; the appliance reports the one it got.
     */
    public Optional<InetSocketAddress> listen() {
        return enabled() ? Optional.of(new InetSocketAddress(host, port)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "[metrics] " + (enabled() ? "listen=" + (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port : "disabled");
    }
}
