package io.deltad.tools.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** This process's open file descriptors, from {@code /proc} (Linux): how a leak shows up to an operator. */
final class OpenFiles {
    private OpenFiles() {
    }

    /** File descriptors open in this process. */
    static long all() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** UDP sockets open in this process: its descriptors whose socket inode is in the UDP tables. */
    static long udpSockets() throws IOException {
        final Set<String> udpInodes = new HashSet<>();
        for (final String table : List.of("/proc/self/net/udp", "/proc/self/net/udp6")) {
            final Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (final String line : Files.readAllLines(path).subList(1, Files.readAllLines(path).size())) {
                final String[] columns = line.strip().split("\\s+");
                if (columns.length > 9) {
                    udpInodes.add("socket:[" + columns[9] + "]");
                }
            }
        }
        long count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (final Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (udpInodes.contains(Files.readSymbolicLink(fd).toString())) {
                        count++;
                    }
                } catch (final IOException closedMeanwhile) {
                    // the descriptor the listing itself used, or one closed since
                }
            }
        }
        return count;
    }
}
