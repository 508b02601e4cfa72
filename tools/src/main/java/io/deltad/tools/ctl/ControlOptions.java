package io.deltad.tools.ctl;

import io.deltad.config.DeltadConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by every command that talks to the control socket. */
final class ControlOptions {
    @Option(names = "--socket", description = "Control socket (default: the one the config names).")
    Path socket;

    @Option(names = "--config", description = "Config of the appliance (default: deploy/dev.toml).")
    Path config;

    @Option(names = "--json", description = "Print the appliance's JSON reply as is, for scripts.")
    boolean json;

    /** @throws io.deltad.config.ConfigException when the socket comes from a config that does not load. */
    Path socketPath() {
        if (socket != null) {
            return socket;
        }
        final Path file = config != null ? config
            : Path.of(System.getProperty("deltad.home", ".")).resolve("deploy/dev.toml");
        return DeltadConfig.load(file).control().socket();
    }
}
