package io.deltad.config;

import io.deltad.agent.IdleMode;

import java.util.Arrays;
import java.util.List;

/**
 * {@code [cores]}: which CPU each agent runs on. One IoAgent per {@code io} entry, one core DocAgent per
 * {@code doc} entry, elastic DocAgents round-robin over {@code elastic}, the Conductor on {@code conductor}.
 *
 * <p>Roles do not overlap unless {@code shared = true}: two busy-spinning threads on one CPU take turns by the
 * scheduler's time slice (milliseconds), so overlap must be a deliberate choice, in which case the agents on a CPU
 * are composed onto one thread instead.
 */
public final class CoreMapConfig {
    static final String SECTION = "cores";
    static final String IO = "io";
    static final String DOC = "doc";
    static final String ELASTIC = "elastic";
    static final String CONDUCTOR = "conductor";
    static final String SHARED = "shared";
    static final String NUMA_NODE = "numa_node";
    static final String IDLE = "idle";
    private static final List<String> KEYS = List.of(IO, DOC, ELASTIC, CONDUCTOR, SHARED, NUMA_NODE, IDLE);

    private final int[] ioCpus;
    private final int[] docCpus;
    private final int[] elasticCpus;
    private final int conductorCpu;
    private final boolean shared;
    private final int numaNode;
    private final IdleMode idle;

    private CoreMapConfig(
        final int[] ioCpus,
        final int[] docCpus,
        final int[] elasticCpus,
        final int conductorCpu,
        final boolean shared,
        final int numaNode,
        final IdleMode idle) {
        this.ioCpus = ioCpus;
        this.docCpus = docCpus;
        this.elasticCpus = elasticCpus;
        this.conductorCpu = conductorCpu;
        this.shared = shared;
        this.numaNode = numaNode;
        this.idle = idle;
    }

    static CoreMapConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final int[] io = reader.cpuList(IO, null, 1);
        final int[] doc = reader.cpuList(DOC, null, 1);
        final int[] elastic = reader.cpuList(ELASTIC, new int[0], 0);
        final int conductor = reader.cpu(CONDUCTOR);
        final boolean shared = reader.bool(SHARED, false);
        final long numaNode = reader.integer(NUMA_NODE, 0, 0, Integer.MAX_VALUE);
        if (!source.host().cpus().hasNumaNode((int) numaNode)) {
            throw reader.fail(NUMA_NODE, "NUMA node " + numaNode + " does not exist on this host (nodes: " +
                source.host().cpus().describeNumaNodes() + ')');
        }
        final IdleMode idle = reader.choice(IDLE, IdleMode.BACKOFF, IdleMode.class);

        if (!shared) {
            // Point at the entry of the second role in io, doc, elastic, conductor order: the one that collides.
            checkNoOverlap(reader, DOC, doc, IO, io);
            checkNoOverlap(reader, ELASTIC, elastic, IO, io);
            checkNoOverlap(reader, ELASTIC, elastic, DOC, doc);
            checkConductorAlone(reader, conductor, IO, io);
            checkConductorAlone(reader, conductor, DOC, doc);
            checkConductorAlone(reader, conductor, ELASTIC, elastic);
        }
        return new CoreMapConfig(io, doc, elastic, conductor, shared, (int) numaNode, idle);
    }

    private static void checkNoOverlap(
        final SectionReader reader, final String role, final int[] cpus, final String otherRole, final int[] otherCpus) {
        for (int i = 0; i < cpus.length; i++) {
            if (contains(otherCpus, cpus[i])) {
                throw reader.source().error(reader.elementPosition(role, i), reader.dotted(role) + '[' + i + ']',
                    "CPU " + cpus[i] + " is also in " + reader.dotted(otherRole) +
                    " (overlapping roles; set " + reader.dotted(SHARED) + " = true to compose agents on one thread)");
            }
        }
    }

    private static void checkConductorAlone(
        final SectionReader reader, final int conductor, final String role, final int[] cpus) {
        if (contains(cpus, conductor)) {
            throw reader.fail(CONDUCTOR, "CPU " + conductor + " is also in " + reader.dotted(role) +
                " (overlapping roles; set " + reader.dotted(SHARED) + " = true to compose agents on one thread)");
        }
    }

    private static boolean contains(final int[] cpus, final int cpu) {
        for (final int c : cpus) {
            if (c == cpu) {
                return true;
            }
        }
        return false;
    }

    /** @return the CPU of each IoAgent; the array's length is the number of IoAgents. */
    public int[] ioCpus() {
        return ioCpus.clone();
    }

    /** @return the CPU of each core DocAgent; the array's length is the number of core DocAgents. */
    public int[] docCpus() {
        return docCpus.clone();
    }

    /** @return the CPUs elastic DocAgents may run on; empty when elastic promotion has no spare cores. */
    public int[] elasticCpus() {
        return elasticCpus.clone();
    }

    /**
     * @param elasticIndex the 0-based index of an elastic DocAgent.
     * @return its CPU: elastic agents are spread round-robin over {@link #elasticCpus()}.
     * @throws IllegalStateException when there are no elastic CPUs.
     */
    public int elasticCpu(final int elasticIndex) {
        if (elasticCpus.length == 0) {
            throw new IllegalStateException("no elastic CPUs in the core map");
        }
        return elasticCpus[Math.floorMod(elasticIndex, elasticCpus.length)];
    }

    /** @return the Conductor's CPU. */
    public int conductorCpu() {
        return conductorCpu;
    }

    /** @return whether roles may share CPUs, their agents then composed onto one thread per CPU. */
    public boolean shared() {
        return shared;
    }

    /** @return the NUMA node agents' memory is allocated on. */
    public int numaNode() {
        return numaNode;
    }

    /** @return how agent threads wait when there is no work. */
    public IdleMode idle() {
        return idle;
    }

    @Override
    public String toString() {
        return "[cores] io=" + Arrays.toString(ioCpus) + " doc=" + Arrays.toString(docCpus) +
            " elastic=" + Arrays.toString(elasticCpus) + " conductor=" + conductorCpu + " shared=" + shared +
            " numa_node=" + numaNode + " idle=" + SectionReader.configName(idle);
    }
}
