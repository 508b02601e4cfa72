package io.deltad.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel's UDP counters ({@code Udp:} lines of {@code /proc/net/snmp}: InDatagrams, NoPorts, InErrors,
 * RcvbufErrors, InCsumErrors, ...) of a network namespace, by name, in the kernel's order.
 */
final class KernelUdpCounters {
    private KernelUdpCounters() {
    }

    /** This process's namespace; empty when there is no /proc (not Linux). */
    static Map<String, Long> read() {
        try {
            return parse(Files.readString(Path.of("/proc/net/snmp")));
        } catch (final IOException ex) {
            return Map.of();
        }
    }

    /** The counters in the text of a {@code /proc/net/snmp}: a line of names, then one of values. */
    static Map<String, Long> parse(final String snmp) {
        final String[] lines = snmp.split("\n");
        final Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("Udp:") && lines[i + 1].startsWith("Udp:")) {
                final String[] names = lines[i].trim().split("\\s+");
                final String[] values = lines[i + 1].trim().split("\\s+");
                for (int k = 1; k < names.length && k < values.length; k++) {
                    counters.put(names[k], Long.parseLong(values[k]));
                }
                break;
            }
        }
        return counters;
    }
}
