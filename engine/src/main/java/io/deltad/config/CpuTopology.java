package io.deltad.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The CPUs and NUMA nodes that exist on a host, so a core map naming CPU 999 fails at load rather than when a
 * thread tries to pin itself. {@link #current()} reads Linux's sysfs; {@link #ofCpuCount(int)} stands in for a
 * host we cannot run on (e.g. to check a production config on a laptop).
 */
public final class CpuTopology {
    private static final Path CPU_ONLINE = Path.of("/sys/devices/system/cpu/online");
    private static final Path NODE_ONLINE = Path.of("/sys/devices/system/node/online");

    private final BitSet onlineCpus;
    private final BitSet numaNodes;

    private CpuTopology(final BitSet onlineCpus, final BitSet numaNodes) {
        this.onlineCpus = (BitSet) onlineCpus.clone();
        this.numaNodes = (BitSet) numaNodes.clone();
    }

    /**
     * The CPUs online on this host, from {@code /sys/devices/system/cpu/online}; when sysfs is not readable
     * (containers, other OSes) CPUs {@code 0 .. availableProcessors-1} are assumed.
     *
     * @return the topology of the host the JVM runs on.
     */
    public static CpuTopology current() {
        BitSet cpus = readList(CPU_ONLINE);
        if (null == cpus || cpus.isEmpty()) {
            cpus = range(Runtime.getRuntime().availableProcessors());
        }
        BitSet nodes = readList(NODE_ONLINE);
        if (null == nodes || nodes.isEmpty()) {
            nodes = range(1);
        }
        return new CpuTopology(cpus, nodes);
    }

    /**
     * @param cpuCount number of CPUs, numbered from 0.
     * @return a one-NUMA-node host with CPUs {@code 0 .. cpuCount-1}.
     */
    public static CpuTopology ofCpuCount(final int cpuCount) {
        if (cpuCount < 1) {
            throw new IllegalArgumentException("cpuCount must be >= 1: " + cpuCount);
        }
        return new CpuTopology(range(cpuCount), range(1));
    }

    /**
     * @param onlineCpus sysfs list format, e.g. {@code 0-3,6,8-9}.
     * @param numaNodes  sysfs list format, e.g. {@code 0-1}.
     * @return the topology described.
     */
    public static CpuTopology parse(final String onlineCpus, final String numaNodes) {
        return new CpuTopology(parseList(onlineCpus), parseList(numaNodes));
    }

    /** @return whether the CPU exists and is online. */
    public boolean hasCpu(final int cpu) {
        return cpu >= 0 && onlineCpus.get(cpu);
    }

    /** @return whether the NUMA node exists. */
    public boolean hasNumaNode(final int node) {
        return node >= 0 && numaNodes.get(node);
    }

    /** @return the number of online CPUs. */
    public int cpuCount() {
        return onlineCpus.cardinality();
    }

    /** @return the online CPUs in sysfs list format, for messages. */
    public String describeCpus() {
        return format(onlineCpus);
    }

    /** @return the NUMA nodes in sysfs list format, for messages. */
    public String describeNumaNodes() {
        return format(numaNodes);
    }

    @Override
    public String toString() {
        return "CpuTopology{cpus=" + describeCpus() + ", numaNodes=" + describeNumaNodes() + '}';
    }

    private static BitSet readList(final Path file) {
        try {
            return parseList(Files.readString(file));
        } catch (final IOException | IllegalArgumentException ex) {
            // Missing or unexpected sysfs: the caller falls back to what the JVM knows.
            return null;
        }
    }

    static BitSet parseList(final String list) {
        final BitSet bits = new BitSet();
        final String trimmed = list.strip();
        if (trimmed.isEmpty()) {
            return bits;
        }
        for (final String part : trimmed.split(",")) {
            final int dash = part.indexOf('-');
            final int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).strip());
            final int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).strip());
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("bad CPU list: " + list);
            }
            bits.set(from, to + 1);
        }
        return bits;
    }

    private static BitSet range(final int count) {
        final BitSet bits = new BitSet(count);
        bits.set(0, count);
        return bits;
    }

    private static String format(final BitSet bits) {
        final StringBuilder sb = new StringBuilder();
        int from = bits.nextSetBit(0);
        while (from >= 0) {
            final int to = bits.nextClearBit(from) - 1;
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(from);
            if (to > from) {
                sb.append('-').append(to);
            }
            from = bits.nextSetBit(to + 1);
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
