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
    private static final int EXAMPLE_PORT = 9090;

    private final ListenAddress listen;

    private MetricsConfig(final ListenAddress listen) {
        this.listen = listen;
    }

    static MetricsConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final String listen = reader.string(LISTEN, "").strip();
        final boolean enabled = reader.bool(ENABLED, !listen.isEmpty());
        if (listen.isEmpty()) {
            if (enabled) {
                throw reader.fail(ENABLED, "enabled = true needs metrics.listen = \"host:port\"");
            }
            return new MetricsConfig(null);
        }
        // Checked even when disabled, so flipping enabled back on cannot surface a stale typo at the next start.
        final ListenAddress address = ListenAddress.parse(reader, LISTEN, listen, EXAMPLE_PORT);
        return new MetricsConfig(enabled ? address : null);
    }

    /** @return whether the metrics server runs. */
    public boolean enabled() {
        return listen != null;
    }

    /**
     * @return the address to bind, resolved now (so a name that stopped resolving fails at start, not at load);
     *         empty when disabled. Port 0 asks for an ephemeral port; the appliance reports the one it got.
     */
    public Optional<InetSocketAddress> listen() {
        return enabled() ? Optional.of(listen.resolve()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "[metrics] " + (enabled() ? "listen=" + listen : "disabled");
    }
}
