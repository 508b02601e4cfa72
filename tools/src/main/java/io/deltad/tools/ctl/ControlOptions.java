package io.deltad.tools.ctl;

import io.deltad.config.DeltadConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by every command that talks to the control socket. */
final class ControlOptions {
    @Option(names = "--socket", description = "Control socket (default: the one the config names).")
    Path socket;

    @Option(names = "--config", description = "Config of the appliance (default: -Ddeltad.config, else deploy/dev.toml).")
    Path config;

    @Option(names = "--json", description = "Print the appliance's JSON reply as is, for scripts.")
    boolean json;

    /** @throws io.deltad.config.ConfigException when the socket comes from a config that does not load. */
    Path socketPath() {
        if (socket != null) {
            return socket;
        }
        final Path file = config != null ? config : defaultConfig();
        return DeltadConfig.load(file).control().socket();
    }

    /**
     * The config used without {@code --config}: the {@code deltad.config} system property (the Debian package's
     * launcher sets it to /etc/deltad/deltad.toml), else {@code deploy/dev.toml} under {@code deltad.home} (a checkout).
     */
    static Path defaultConfig() {
        final String packaged = System.getProperty("deltad.config");
        if (packaged != null && !packaged.isBlank()) {
            return Path.of(packaged);
        }
        return Path.of(System.getProperty("deltad.home", ".")).resolve("deploy/dev.toml");
    }
}
