package io.deltad.agent;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Runs agents on threads according to the core map: one thread per CPU, named {@code deltad-cpu<N>} and pinned to
 * CPU N. Agents assigned to the same CPU are composed ({@link CompositeAgent}) onto that CPU's thread, in assignment
 * order, rather than given competing threads: two spinning threads on one CPU would take turns by scheduler time
 * slice, adding milliseconds of latency.
 *
 * <p>An exception escaping an agent's duty cycle is caught by its runner, recorded in the {@link DistinctErrorLog}
 * and logged the first time it is seen; the agent keeps being run.
 *
 * <p>Threading: {@link #start} and {@link #close} are called by the thread that owns the appliance's lifecycle.
 */
public final class AgentThreads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentThreads.class);

    /** Prefix of every agent thread's name; the CPU number follows. */
    public static final String THREAD_NAME_PREFIX = "deltad-cpu";

    private final List<CpuThread> threads;
    private final DistinctErrorLog errorLog;
    private boolean closed;

    private static final class CpuThread {
        private final int cpu;
        private final List<String> agentNames;
        private final AgentRunner runner;
        private final Thread thread;
        private volatile boolean pinned;

        private CpuThread(final int cpu, final List<String> agentNames, final AgentRunner runner, final CpuPinner pinner) {
            this.cpu = cpu;
            this.agentNames = agentNames;
            this.runner = runner;
            this.thread = new Thread(
                () -> {
                    // Pin before the runner calls onStart, so agents allocate their memory from the right CPU.
                    pinned = pinner.pinCurrentThread(cpu);
                    runner.run();
                },
                THREAD_NAME_PREFIX + cpu);
        }
    }

    private AgentThreads(final List<CpuThread> threads, final DistinctErrorLog errorLog) {
        this.threads = threads;
        this.errorLog = errorLog;
    }

    /**
     * Groups the agents by CPU and starts one pinned thread per CPU.
     *
     * @param assignments agents and their CPUs; each agent at most once.
     * @param idle        how the threads wait when idle.
     * @param errorLog    where agent errors are recorded.
     * @return the running threads; close them to stop the agents.
     */
    public static AgentThreads start(
        final List<AgentAssignment> assignments, final IdleMode idle, final DistinctErrorLog errorLog) {
        return start(assignments, idle::newIdleStrategy, errorLog);
    }

    /**
     * Groups the agents by CPU and starts one pinned thread per CPU.
     *
     * @param assignments   agents and their CPUs; each agent at most once.
     * @param idleStrategies called once per thread for its own idle strategy (they are stateful).
     * @param errorLog      where agent errors are recorded.
     * @return the running threads; close them to stop the agents.
     */
    public static AgentThreads start(
        final List<AgentAssignment> assignments,
        final Supplier<? extends IdleStrategy> idleStrategies,
        final DistinctErrorLog errorLog) {
        Objects.requireNonNull(idleStrategies, "idleStrategies");
        Objects.requireNonNull(errorLog, "errorLog");
        final Map<Integer, List<AgentAssignment>> byCpu = groupByCpu(assignments);
        final CpuPinner pinner = new CpuPinner();
        final List<CpuThread> threads = new ArrayList<>(byCpu.size());
        for (final Map.Entry<Integer, List<AgentAssignment>> group : byCpu.entrySet()) {
            final int cpu = group.getKey();
            final List<AgentAssignment> members = group.getValue();
            final Agent agent = members.size() == 1 ?
                members.getFirst().agent() : new CompositeAgent(members.stream().map(AgentAssignment::agent).toList());
            final List<String> names = members.stream().map(AgentAssignment::name).toList();
            final AgentRunner runner = new AgentRunner(idleStrategies.get(), errorHandler(cpu, errorLog), null, agent);
            threads.add(new CpuThread(cpu, names, runner, pinner));
        }
        for (final CpuThread thread : threads) {
            LOG.info("starting {} with {}", thread.thread.getName(), thread.agentNames);
            thread.thread.start();
        }
        return new AgentThreads(threads, errorLog);
    }

    private static Map<Integer, List<AgentAssignment>> groupByCpu(final List<AgentAssignment> assignments) {
        if (assignments.isEmpty()) {
            throw new IllegalArgumentException("no agents to run");
        }
        // An agent is single-threaded by contract: running one instance on two threads would corrupt it.
        final Set<Agent> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        final Map<Integer, List<AgentAssignment>> byCpu = new TreeMap<>();
        for (final AgentAssignment assignment : assignments) {
            if (!seen.add(assignment.agent())) {
                throw new IllegalArgumentException("agent assigned twice: " + assignment.name());
            }
            byCpu.computeIfAbsent(assignment.cpu(), cpu -> new ArrayList<>()).add(assignment);
        }
        return byCpu;
    }

    private static ErrorHandler errorHandler(final int cpu, final DistinctErrorLog errorLog) {
        return error -> {
            if (errorLog.record(error)) {
                LOG.error("agent error on {}{} (repeats are counted, not logged)", THREAD_NAME_PREFIX, cpu, error);
            }
        };
    }

    /** @return the CPUs that have an agent thread, ascending. */
    public int[] cpus() {
        return threads.stream().mapToInt(t -> t.cpu).toArray();
    }

    /**
     * @param cpu a CPU from {@link #cpus()}.
     * @return the names of the agents on that CPU's thread, in duty-cycle order.
     */
    public List<String> agentNames(final int cpu) {
        return thread(cpu).agentNames;
    }

    /**
     * @param cpu a CPU from {@link #cpus()}.
     * @return whether that CPU's thread managed to pin itself (false until the thread has started).
     */
    public boolean isPinned(final int cpu) {
        return thread(cpu).pinned;
    }

    /** @return the log every agent thread records its errors in. */
    public DistinctErrorLog errorLog() {
        return errorLog;
    }

    /**
     * Stops every agent (their {@code onClose} runs on their own thread) and waits for the threads to exit, then
     * logs how often each error repeated. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final CpuThread thread : threads) {
            thread.runner.close();
        }
        for (final CpuThread thread : threads) {
            try {
                thread.thread.join();
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (final DistinctErrorLog.DistinctError error : errorLog.errors()) {
            if (error.count() > 1) {
                LOG.warn("agent error repeated {} times: {}", error.count(), error.first().toString());
            }
        }
    }

    private CpuThread thread(final int cpu) {
        for (final CpuThread thread : threads) {
            if (thread.cpu == cpu) {
                return thread;
            }
        }
        throw new IllegalArgumentException("no agent thread on CPU " + cpu);
    }
}
