package io.deltad.counters;

import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a separate JVM by {@link CountersFileTest}: prints what {@code deltactl stat} would read, one
 * {@code label=value} line per counter after the header lines, proving the file is readable across processes.
 */
public final class CountersSnapshotPrinter {
    private CountersSnapshotPrinter() {
    }

    public static void main(final String[] args) {
        try (CountersFileReader reader = CountersFileReader.open(Path.of(args[0]))) {
            System.out.println("pid=" + reader.pid());
            System.out.println("heartbeatMs=" + reader.heartbeatMs());
            for (final Map.Entry<String, Long> entry : reader.snapshot().entrySet()) {
                System.out.println(entry.getKey() + "=" + entry.getValue());
            }
        }
    }
}
