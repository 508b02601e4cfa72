package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltad.config.ConfigException;
import io.deltad.config.DeltadConfig;
import io.deltad.counters.CountersFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code deltactl stat}: reads the counters file directly (no control socket), so it works even when the appliance
 * is wedged or gone; the heartbeat's age tells which.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = "Print the appliance's counters from its memory-mapped counters file.")
final class StatCommand implements Callable<Integer> {
    /** Heartbeat older than this: the appliance is not running its main loop. */
    private static final long STALE_MS = 5_000;

    @Option(names = "--config", description = "Config of the appliance (default: -Ddeltad.config, else deploy/dev.toml).")
    private Path config;

    @Option(names = "--counters", description = "Counters file (default: the one the config names).")
    private Path counters;

    @Option(names = "--json", description = "One JSON object, for scripts.")
    private boolean json;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path file;
        try {
            file = counters != null ? counters : DeltadConfig.load(configPath()).counters().file();
        } catch (final ConfigException ex) {
            err.println("deltactl: " + ex.getMessage());
            return 1;
        }
        if (!Files.exists(file)) {
            err.println("deltactl: no counters file at " + file + " (is the appliance running with this config?)");
            return 1;
        }
        try (CountersFileReader reader = CountersFileReader.open(file)) {
            final long ageMs = System.currentTimeMillis() - reader.heartbeatMs();
            final boolean alive = ProcessHandle.of(reader.pid()).map(ProcessHandle::isAlive).orElse(false);
            final String state = !alive ? "not running" : ageMs > STALE_MS ? "wedged (heartbeat stale)" : "running";
            final Map<String, Long> values = reader.snapshot();
            if (json) {
                final ObjectMapper mapper = new ObjectMapper();
                final ObjectNode root = mapper.createObjectNode();
                root.put("file", file.toString());
                root.put("pid", reader.pid());
                root.put("state", state);
                root.put("started_ms", reader.startTimeMs());
                root.put("heartbeat_age_ms", ageMs);
                final ObjectNode countersNode = root.putObject("counters");
                values.forEach(countersNode::put);
                out.println(mapper.writeValueAsString(root));
            } else {
                out.printf("%s  pid %d  %s  started %s  heartbeat %d ms ago%n",
                    file, reader.pid(), state, Instant.ofEpochMilli(reader.startTimeMs()), ageMs);
                final int width = values.keySet().stream().mapToInt(String::length).max().orElse(10);
                values.forEach((label, value) -> out.printf("  %-" + width + "s  %,d%n", label, value));
            }
            out.flush();
            return 0;
        } catch (final IllegalStateException ex) {
            err.println("deltactl: " + ex.getMessage());
            return 1;
        }
    }

    private Path configPath() {
        if (config != null) {
            return config;
        }
        return ControlOptions.defaultConfig();
    }
}
