package io.deltad.config;

import java.nio.file.Path;
import java.util.List;

/** {@code [counters]}: the memory-mapped counters file that {@code deltactl stat} reads. */
public final class CountersConfig {
    static final String SECTION = "counters";
    static final String FILE = "file";
    private static final List<String> KEYS = List.of(FILE);

    private final Path file;

    private CountersConfig(final Path file) {
        this.file = file;
    }

    static CountersConfig from(final ConfigSource source, final NodeConfig node) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        // Per-node default so two appliances on one host never map each other's counters.
        return new CountersConfig(reader.path(FILE, "/dev/shm/deltad-" + node.name() + "/counters.dat"));
    }

    /** @return the absolute path of the counters file. */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "[counters] file=" + file;
    }
}
