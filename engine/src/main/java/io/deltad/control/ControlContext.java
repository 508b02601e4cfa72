package io.deltad.control;

import io.deltad.app.Engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the control commands act on: the running engine plus the facts only the appliance knows (where each agent
 * runs, when it started, how to stop it).
 *
 * @param nodeName     {@code node.name}.
 * @param startedMs    wall-clock start time, for the uptime.
 * @param engine       the engine the agents run.
 * @param workers      every agent with its role and CPU, in the order the appliance placed them.
 * @param rateWindowNs {@code elastic.rate_window}: {@code elastic.idle_timeout} may not go below it.
 * @param shutdown     stops the appliance as SIGTERM would; run on a thread of its own, after the reply is sent.
 * @param schemasDir   {@code schemas.dir}, what {@code schemas reload} reads; null: reload refused.
 * @param packetPaths  each io agent's network packet path as {@code deltactl status} shows it (empty: no network
 *                     transport).
 */
public record ControlContext(
    String nodeName, long startedMs, Engine engine, List<Worker> workers, long rateWindowNs, Runnable shutdown,
    Path schemasDir, java.util.function.Supplier<List<String>> packetPaths) {

    /** Without a network transport. */
    public ControlContext(final String nodeName, final long startedMs, final Engine engine, final List<Worker> workers,
        final long rateWindowNs, final Runnable shutdown, final Path schemasDir) {
        this(nodeName, startedMs, engine, workers, rateWindowNs, shutdown, schemasDir, List::of);
    }

    /** Without a schema directory: {@code schemas reload} is refused. */
    public ControlContext(final String nodeName, final long startedMs, final Engine engine, final List<Worker> workers,
        final long rateWindowNs, final Runnable shutdown) {
        this(nodeName, startedMs, engine, workers, rateWindowNs, shutdown, null);
    }

    public ControlContext {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(engine, "engine");
        workers = List.copyOf(workers);
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(packetPaths, "packetPaths");
    }

    /**
     * One agent as {@code deltactl workers} shows it.
     *
     * @param name agent name, e.g. {@code doc-0}; also the key of its {@code agent work} counter.
     * @param role {@code io}, {@code doc}, {@code elastic} or {@code conductor}.
     * @param cpu  the CPU its thread runs on.
     */
    public record Worker(String name, String role, int cpu, java.util.function.LongSupplier queuedBytes) {
    }
}
