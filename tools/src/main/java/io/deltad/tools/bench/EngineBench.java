package io.deltad.tools.bench;

import io.deltad.agent.AgentAssignment;
import io.deltad.agent.AgentThreads;
import io.deltad.agent.DistinctErrorLog;
import io.deltad.app.Engine;
import io.deltad.app.EngineContext;
import io.deltad.counters.DeltadCounters;
import io.deltad.doc.DocAgent;
import io.deltad.io.IoAgent;
import io.deltad.io.SessionSpec;
import io.deltad.io.local.LocalClient;
import io.deltad.schema.SchemaRegistry;
import io.deltad.store.ChunkStore;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.status.CountersManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code deltabench engine}: the whole engine (1 IoAgent, 1 core DocAgent, optional elastic DocAgents, the Conductor)
 * on real threads, fed through in-process sessions. A load thread drives the publisher sessions (opaque deltas whose
 * payload starts with the send time), a receiver thread polls the subscriber sessions and records end-to-end latency.
 * Throughput is compared against the raw SPSC ring hop measured in the same run.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
    description = "Engine throughput and latency through in-process sessions, against the raw SPSC ring baseline.")
public final class EngineBench implements Callable<Integer> {
    /** Type id of the benchmark's opaque document type (its schema is written to a temp dir). */
    static final int BENCH_TYPE_ID = 42;
    private static final int SUBSCRIBE_FRAMES_PER_MESSAGE = 64;

    enum Threads { pinned, manual }

    enum Idle { spin, yield, backoff }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--documents", description = "Documents written and subscribed (default ${DEFAULT-VALUE}).")
    int documents = 10_000;
    @Option(names = "--zipf", description = "Zipf skew exponent of document choice, 0 = uniform (default ${DEFAULT-VALUE}).")
    double zipf = 0;
    @Option(names = "--clients", description = "Publisher sessions, all driven by the load thread (default ${DEFAULT-VALUE}).")
    int clients = 2;
    @Option(names = "--subscribers", description = "Subscriptions per document (default ${DEFAULT-VALUE}).")
    int subscribers = 1;
    @Option(names = "--subscriber-sessions",
        description = "Subscriber sessions; each document is subscribed by --subscribers of them (default: = --subscribers).")
    int subscriberSessions;
    @Option(names = "--size", description = "DELTA frame bytes incl. the 24-byte header, >= 32 (default ${DEFAULT-VALUE}).")
    int size = 64;
    @Option(names = "--duration", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    double durationSec = 10;
    @Option(names = "--warmup", description = "Warm-up seconds before measuring (default ${DEFAULT-VALUE}).")
    double warmupSec = 3;
    @Option(names = "--baseline", description = "Seconds of the raw SPSC ring baseline, 0 = skip (default ${DEFAULT-VALUE}).")
    double baselineSec = 2;
    @Option(names = "--json", description = "Print the result as one JSON object on the last line.")
    boolean json;
    @Option(names = "--threads",
        description = "pinned: one pinned thread per CPU (AgentThreads) running the agents placed there by --io-cpu, "
            + "--doc-cpu, --load-cpu, --receiver-cpu; manual: the same grouping on unpinned threads (default ${DEFAULT-VALUE}).")
    Threads threads = Threads.pinned;
    // Default placement for 2 CPUs, the best of the four sensible ones measured (docs/PERFORMANCE.md): the IoAgent, the
    // heaviest agent, shares CPU 0 with the light load generator (whose session ring it reads, cache-hot); the
    // DocAgent and Conductor share CPU 1 with the receiver.
    @Option(names = "--io-cpu", description = "CPU of the IoAgent (default ${DEFAULT-VALUE}).")
    int ioCpu = 0;
    @Option(names = "--doc-cpu", description = "CPU of the DocAgents and the Conductor (default ${DEFAULT-VALUE}).")
    int docCpu = 1;
    @Option(names = "--load-cpu", description = "CPU of the load generator (default ${DEFAULT-VALUE}).")
    int loadCpu = 0;
    @Option(names = "--receiver-cpu", description = "CPU of the receiver (default ${DEFAULT-VALUE}).")
    int receiverCpu = 1;
    @Option(names = "--idle", description = "Idle strategy of every thread: spin, yield, backoff (default ${DEFAULT-VALUE}).")
    Idle idle = Idle.yield;
    @Option(names = "--elastic", description = "Elastic DocAgents (default ${DEFAULT-VALUE}).")
    int elastic = 0;
    @Option(names = "--batch", description = "DELTA frames per session message (default ${DEFAULT-VALUE}).")
    int batch = 16;
    @Option(names = "--window", description = "Deltas in flight (sent, no ACK/NACK yet) per publisher (default ${DEFAULT-VALUE}).")
    int window = 256;
    @Option(names = "--rate", description = "Offered deltas/s over all publishers, 0 = as fast as the window allows "
        + "(open-loop latency: e.g. --rate 1000000 --batch 1) (default ${DEFAULT-VALUE}).")
    long rate = 0;
    @Option(names = "--stream-capacity", description = "Deltas retained per document, power of two (default ${DEFAULT-VALUE}).")
    int streamCapacity = 256;
    @Option(names = "--retention-ms", description = "Retention of deltas in ms (default ${DEFAULT-VALUE}).")
    long retentionMs = 1000;
    @Option(names = "--store-mb", description = "Chunk store size in MiB (default ${DEFAULT-VALUE}).")
    int storeMb = 1024;

    @Override
    public Integer call() throws Exception {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final int sessionsForSubscribers = subscriberSessions > 0 ? subscriberSessions : Math.max(1, subscribers);
        final boolean pin = threads == Threads.pinned;

        out.printf(Locale.ROOT, "deltabench engine: %d documents (zipf %.2f), %d publisher sessions, %d subscriptions/document over %d subscriber sessions, %d-byte frames, batch %d, window %d, elastic %d%n",
            documents, zipf, clients, subscribers, sessionsForSubscribers, size, batch, window, elastic);
        out.printf(Locale.ROOT, "machine: %d CPUs, JDK %s, heap max %d MiB%n",
            Runtime.getRuntime().availableProcessors(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        out.flush();

        final double baselinePerSec = baselineSec > 0
            ? RingBaseline.measure(size, (long) (baselineSec * 1e9), pin ? 0 : -1, pin ? 1 : -1) : 0;
        out.printf(Locale.ROOT, "baseline: OneToOneRingBuffer %d-byte messages, 1 producer + 1 consumer thread: %.0f msgs/s%n",
            size, baselinePerSec);
        out.flush();

        final Path schemaDir = writeBenchSchema();
        final SchemaRegistry schemas = SchemaRegistry.load(schemaDir);
        final ChunkStore store = ChunkStore.anonymous((long) storeMb << 20, 1 << 16);
        final CountersManager countersManager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)), new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        final EngineContext ctx = new EngineContext()
            .ioAgents(1).coreDocAgents(1).elasticDocAgents(elastic)
            .store(store).schemas(schemas).countersManager(countersManager)
            .maxDocuments(Math.max(1024, documents * 2))
            .initialDeltasPerDoc(streamCapacity).maxDeltasPerDoc(streamCapacity)
            .retentionNs(retentionMs * 1_000_000L)
            // Session rings: 4 MiB out / 1 MiB in for a few sessions, smaller when there are thousands (direct memory).
            .sessionOutboundBytes(sessionRingBytes(sessionsForSubscribers + clients, 4 << 20))
            .sessionInboundBytes(sessionRingBytes(sessionsForSubscribers + clients, 1 << 20));
        final Engine engine = new Engine(ctx);
        final DeltadCounters counters = engine.counters();

        final long[] docIds = new long[documents];
        for (int i = 0; i < documents; i++) {
            docIds[i] = DocIds.of(BENCH_TYPE_ID, i + 1);
        }

        // Sessions first (connect queues the attach to the IoAgent), then every agent on its threads.
        final LocalClient[] subscriberClients = new LocalClient[sessionsForSubscribers];
        for (int s = 0; s < sessionsForSubscribers; s++) {
            subscriberClients[s] = engine.connect(SessionSpec.trusted("bench-subscriber-" + s));
        }
        final Publisher[] publishers = new Publisher[clients];
        for (int c = 0; c < clients; c++) {
            publishers[c] = new Publisher(engine.connect(SessionSpec.trusted("bench-publisher-" + c)), docIds,
                new DocPicker(documents, zipf, 0x5DEECE66DL * (c + 1)), size, batch, window, rate / clients);
        }
        final Receiver receiver = new Receiver(subscriberClients);
        final LoadGenerator load = new LoadGenerator(publishers);
        final StartGate gate = new StartGate(load);
        final Runner runner = startAgents(engine, gate, receiver, pin);
        try {
            subscribeAll(subscriberClients, docIds, receiver);
            out.printf("placement: %s%n", runner.describe());
            out.flush();
            gate.open();

            Thread.sleep((long) (warmupSec * 1000));
            final Snapshot before = Snapshot.take(load, receiver, counters);
            receiver.startMeasuring();
            Thread.sleep((long) (durationSec * 1000));
            receiver.stopMeasuring();
            final Snapshot after = Snapshot.take(load, receiver, counters);
            final long sessionsClosed = load.closedSessions() + receiver.closedSessions();
            runner.close(); // joins the threads: the histogram is safe to read from here on

            final Result result = Result.of(this, sessionsForSubscribers, before, after, receiver.histogram(),
                baselinePerSec, sessionsClosed, counters, runner.errorLog());
            result.print(out, json);
            out.flush();
            return 0;
        } finally {
            runner.close();
            engine.close();
            store.close();
            deleteQuietly(schemaDir);
        }
    }

    private void validate() {
        final CommandLine cl = spec.commandLine();
        check(cl, documents >= 1, "--documents must be >= 1");
        check(cl, zipf >= 0, "--zipf must be >= 0");
        check(cl, clients >= 1, "--clients must be >= 1");
        check(cl, subscribers >= 0, "--subscribers must be >= 0");
        check(cl, subscriberSessions == 0 || subscriberSessions >= subscribers,
            "--subscriber-sessions must be >= --subscribers (a session subscribes to a document once)");
        check(cl, size >= FrameHeader.LENGTH + Long.BYTES && size <= 32 * 1024, "--size must be 32..32768 (header + 8-byte timestamp)");
        check(cl, durationSec > 0 && warmupSec >= 0 && baselineSec >= 0, "--duration must be > 0, --warmup and --baseline >= 0");
        check(cl, elastic >= 0, "--elastic must be >= 0");
        check(cl, batch >= 1 && (long) batch * size <= 256 * 1024, "--batch must be >= 1 and batch * size <= 256 KiB");
        check(cl, window >= batch, "--window must be >= --batch");
        check(cl, Integer.bitCount(streamCapacity) == 1, "--stream-capacity must be a power of two");
        check(cl, retentionMs > 0 && storeMb >= 16, "--retention-ms must be > 0, --store-mb >= 16");
    }

    private static void check(final CommandLine cl, final boolean condition, final String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(cl, message);
        }
    }

    /** A power of two between 64 KiB and {@code most}, so that all sessions together take at most ~1 GiB. */
    private static int sessionRingBytes(final int sessions, final int most) {
        final long share = Math.max(64 << 10, Math.min(most, (1L << 30) / Math.max(1, sessions)));
        return Integer.highestOneBit((int) share);
    }

    private Path writeBenchSchema() throws IOException {
        final Path dir = Files.createTempDirectory("deltabench-schemas");
        Files.writeString(dir.resolve("bench.toml"), """
            # Written by deltabench: an opaque type, so the payload can carry the send timestamp.
            [type]
            name = "bench"
            id = %d
            max_delta_bytes = %d
            opaque = true
            """.formatted(BENCH_TYPE_ID, Math.max(size, 1024)));
        return dir;
    }

    private static void deleteQuietly(final Path dir) {
        try (var files = Files.list(dir)) {
            for (final Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (final IOException | UncheckedIOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** Sends SUBSCRIBE for every (document, subscriber) pair, batched; waits until all are confirmed. */
    private void subscribeAll(final LocalClient[] sessions, final long[] docIds, final Receiver receiver)
        throws InterruptedException {
        final long expected = (long) docIds.length * subscribers;
        if (expected == 0) {
            return;
        }
        final MemorySegment buffer = Arena.ofAuto().allocate((long) FrameHeader.LENGTH * SUBSCRIBE_FRAMES_PER_MESSAGE, 8);
        final FrameHeader header = new FrameHeader();
        final int s = sessions.length;
        for (int session = 0; session < s; session++) {
            int frames = 0;
            for (int d = 0; d < docIds.length; d++) {
                // Document d is subscribed by sessions d, d+1, ... d+subscribers-1 (mod s): spreads the load evenly.
                if (Math.floorMod(session - d, s) >= subscribers) {
                    continue;
                }
                header.wrap(buffer, (long) frames * FrameHeader.LENGTH).write(FrameType.SUBSCRIBE, 0, docIds[d], 1, 0);
                if (++frames == SUBSCRIBE_FRAMES_PER_MESSAGE) {
                    sendRetrying(sessions[session], buffer, frames);
                    frames = 0;
                }
            }
            if (frames > 0) {
                sendRetrying(sessions[session], buffer, frames);
            }
        }
        final long deadlineNs = System.nanoTime() + 60_000_000_000L;
        while (receiver.subscribedOut.get() < expected) {
            if (System.nanoTime() > deadlineNs || receiver.nacksOut.get() > 0) {
                throw new IllegalStateException("subscriptions not confirmed: " + receiver.subscribedOut.get() + " of "
                    + expected + ", " + receiver.nacksOut.get() + " refused");
            }
            Thread.sleep(5);
        }
    }

    private static void sendRetrying(final LocalClient client, final MemorySegment buffer, final int frames)
        throws InterruptedException {
        while (!client.send(buffer, 0, frames * FrameHeader.LENGTH)) {
            if (client.isClosed()) {
                throw new IllegalStateException("subscriber session closed while subscribing");
            }
            Thread.sleep(1);
        }
    }

    private Runner startAgents(final Engine engine, final Agent load, final Agent receiver, final boolean pin) {
        final List<AgentAssignment> assignments = new ArrayList<>();
        for (final IoAgent io : engine.ioAgents()) {
            assignments.add(new AgentAssignment(ioCpu, io, io.roleName()));
        }
        for (final DocAgent doc : engine.docAgents()) {
            assignments.add(new AgentAssignment(docCpu, doc, doc.roleName()));
        }
        assignments.add(new AgentAssignment(docCpu, engine.conductor(), "conductor"));
        // Load and receiver are agents too: on a CPU they share with others they are composed onto its one thread.
        assignments.add(new AgentAssignment(loadCpu, load, load.roleName()));
        assignments.add(new AgentAssignment(receiverCpu, receiver, receiver.roleName()));
        final Supplier<IdleStrategy> idleStrategies = switch (idle) {
            case spin -> BusySpinIdleStrategy::new;
            case yield -> YieldingIdleStrategy::new;
            case backoff -> BackoffIdleStrategy::new;
        };
        final DistinctErrorLog errorLog = new DistinctErrorLog();
        if (pin) {
            return new Runner(AgentThreads.start(assignments, idleStrategies, errorLog), null, errorLog, idle);
        }
        final Map<Integer, List<AgentAssignment>> byCpu = new TreeMap<>();
        for (final AgentAssignment a : assignments) {
            byCpu.computeIfAbsent(a.cpu(), c -> new ArrayList<>()).add(a);
        }
        final Map<String, AgentRunner> runners = new LinkedHashMap<>();
        for (final List<AgentAssignment> group : byCpu.values()) {
            final Agent agent = group.size() == 1
                ? group.getFirst().agent() : new CompositeAgent(group.stream().map(AgentAssignment::agent).toList());
            final AgentRunner agentRunner = new AgentRunner(idleStrategies.get(), errorLog::record, null, agent);
            runners.put(group.stream().map(AgentAssignment::name).toList().toString(), agentRunner);
            AgentRunner.startOnThread(agentRunner);
        }
        return new Runner(null, runners, errorLog, idle);
    }

    /** The agent threads, either {@link AgentThreads} (pinned) or plain unpinned runners (manual). */
    private record Runner(AgentThreads agentThreads, Map<String, AgentRunner> manual, DistinctErrorLog errorLog, Idle idle) {
        String describe() {
            final StringBuilder sb = new StringBuilder();
            if (agentThreads != null) {
                for (final int cpu : agentThreads.cpus()) {
                    sb.append(sb.isEmpty() ? "" : ", ").append("cpu").append(cpu).append(' ')
                        .append(agentThreads.agentNames(cpu))
                        .append(agentThreads.isPinned(cpu) ? " (pinned)" : " (pinning failed)");
                }
            } else {
                for (final String names : manual.keySet()) {
                    sb.append(sb.isEmpty() ? "" : ", ").append(names).append(" (unpinned)");
                }
            }
            return "agents " + sb + " idle " + idle;
        }

        void close() {
            if (agentThreads != null) {
                agentThreads.close();
            } else {
                for (final AgentRunner runner : manual.values()) {
                    runner.close();
                }
            }
        }
    }

    /** Counters and resource use at one instant, read by the control thread. */
    record Snapshot(long nowNs, long sent, long acked, long busyNacks, long otherNacks, long sendRefused,
                    long delivered, long resyncs, long engineAccepted, long engineDelivered, long cpuNs,
                    long gcCount, long gcTimeMs, Map<Long, Long> allocatedByThread,
                    Map<Long, String> threadNames) {
        static Snapshot take(final LoadGenerator load, final Receiver receiver, final DeltadCounters counters) {
            final com.sun.management.ThreadMXBean threadBean =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            final long[] ids = threadBean.getAllThreadIds();
            final long[] bytes = threadBean.getThreadAllocatedBytes(ids);
            final Map<Long, Long> byThread = new TreeMap<>();
            final Map<Long, String> names = new TreeMap<>();
            for (int i = 0; i < ids.length; i++) {
                byThread.put(ids[i], bytes[i]);
                final var info = threadBean.getThreadInfo(ids[i]);
                names.put(ids[i], info == null ? "thread-" + ids[i] : info.getThreadName());
            }
            long gcCount = 0;
            long gcTime = 0;
            for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += Math.max(0, gc.getCollectionCount());
                gcTime += Math.max(0, gc.getCollectionTime());
            }
            final long cpuNs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
            return new Snapshot(System.nanoTime(), load.sent.get(), load.acked.get(), load.busyNacks.get(),
                load.otherNacks.get(), load.sendRefused.get(), receiver.deliveredOut.get(), receiver.resyncsOut.get(),
                counters.deltasAccepted().get(), counters.deltasDelivered().get(), cpuNs, gcCount, gcTime,
                byThread, names);
        }
    }

    /** What the run measured, as a table and as JSON. */
    record Result(EngineBench options, int subscriberSessions, double seconds, double sentPerSec,
                  double acceptedPerSec, double deliveredPerSec, double engineAcceptedPerSec,
                  double engineDeliveredPerSec, long samples, double p50Us, double p90Us, double p99Us,
                  double p999Us, double maxUs, double baselinePerSec, double ratio, double cpuPercent,
                  long busyNacks, long otherNacks, long sendRefused, long resyncs, long sessionsClosed,
                  long gcCount, long gcTimeMs, long allocBytes, long heapUsedBytes, long promotions, long storeFull,
                  long agentErrors, Map<String, Long> allocByThread) {

        static Result of(final EngineBench o, final int subscriberSessions, final Snapshot b, final Snapshot a,
                         final Histogram h, final double baselinePerSec, final long sessionsClosed,
                         final DeltadCounters counters, final DistinctErrorLog errors) {
            final double seconds = (a.nowNs - b.nowNs) / 1e9;
            final double delivered = (a.delivered - b.delivered) / seconds;
            final Map<String, Long> allocByThread = new TreeMap<>();
            // The control thread (this one) is left out: it only sleeps, and allocates only for the MXBean reads.
            final long controlThread = Thread.currentThread().threadId();
            long allocBytes = 0;
            for (final Map.Entry<Long, Long> e : a.allocatedByThread.entrySet()) {
                final long diff = e.getValue() - b.allocatedByThread.getOrDefault(e.getKey(), 0L);
                if (diff > 0 && b.allocatedByThread.containsKey(e.getKey()) && e.getKey() != controlThread) {
                    allocByThread.merge(a.threadNames.get(e.getKey()), diff, Long::sum);
                    allocBytes += diff;
                }
            }
            return new Result(o, subscriberSessions, seconds,
                (a.sent - b.sent) / seconds,
                (a.acked - b.acked) / seconds,
                delivered,
                (a.engineAccepted - b.engineAccepted) / seconds,
                (a.engineDelivered - b.engineDelivered) / seconds,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                baselinePerSec, baselinePerSec > 0 ? delivered / baselinePerSec : 0,
                100.0 * (a.cpuNs - b.cpuNs) / (a.nowNs - b.nowNs),
                a.busyNacks - b.busyNacks, a.otherNacks - b.otherNacks, a.sendRefused - b.sendRefused,
                counters.resyncs().get(), sessionsClosed,
                a.gcCount - b.gcCount, a.gcTimeMs - b.gcTimeMs, allocBytes,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                counters.promotions().get(), counters.storeFull().get(), errors.count(), allocByThread);
        }

        void print(final PrintWriter out, final boolean json) {
            final EngineBench o = options;
            out.println();
            out.printf(Locale.ROOT, "%-28s %,16.0f%n", "sent/s", sentPerSec);
            out.printf(Locale.ROOT, "%-28s %,16.0f%n", "accepted/s (ACKs)", acceptedPerSec);
            out.printf(Locale.ROOT, "%-28s %,16.0f%n", "delivered/s (received)", deliveredPerSec);
            out.printf(Locale.ROOT, "%-28s %,16.0f / %,.0f%n", "engine accepted/delivered/s", engineAcceptedPerSec, engineDeliveredPerSec);
            out.printf(Locale.ROOT, "%-28s %16s%n", "latency us p50/p90/p99/p99.9/max",
                String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f / %.1f", p50Us, p90Us, p99Us, p999Us, maxUs));
            out.printf(Locale.ROOT, "%-28s %,16d%n", "latency samples", samples);
            out.printf(Locale.ROOT, "%-28s %,16.0f%n", "baseline SPSC msgs/s", baselinePerSec);
            out.printf(Locale.ROOT, "%-28s %16.3f%n", "ratio delivered/baseline", ratio);
            out.printf(Locale.ROOT, "%-28s %16.1f%n", "process CPU % (of 1 core)", cpuPercent);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "NACK BUSY", busyNacks);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "NACK other", otherNacks);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "send refused (ring full)", sendRefused);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "resyncs (whole run)", resyncs);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "sessions closed", sessionsClosed);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "promotions (whole run)", promotions);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "store full (whole run)", storeFull);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "agent errors", agentErrors);
            out.printf(Locale.ROOT, "%-28s %,16d (%d ms)%n", "GCs during measurement", gcCount, gcTimeMs);
            out.printf(Locale.ROOT, "%-28s %,16d%n", "bytes allocated (measured)*", allocBytes);
            for (final Map.Entry<String, Long> e : allocByThread.entrySet()) {
                out.printf(Locale.ROOT, "    %-24s %,16d%n", e.getKey(), e.getValue());
            }
            out.printf(Locale.ROOT, "%-28s %,16d%n", "heap used at end (bytes)", heapUsedBytes);
            out.println("* by every thread that ran through the measurement except the control thread (MXBean reads)");
            if (json) {
                final StringBuilder sb = new StringBuilder(1024).append('{');
                field(sb, "benchmark", "\"engine\"");
                field(sb, "documents", o.documents);
                field(sb, "zipf", o.zipf);
                field(sb, "clients", o.clients);
                field(sb, "subscribers", o.subscribers);
                field(sb, "subscriber_sessions", subscriberSessions);
                field(sb, "size", o.size);
                field(sb, "batch", o.batch);
                field(sb, "window", o.window);
                field(sb, "rate", o.rate);
                field(sb, "elastic", o.elastic);
                field(sb, "threads", "\"" + o.threads + "\"");
                field(sb, "duration_s", round(seconds));
                field(sb, "sent_per_sec", Math.round(sentPerSec));
                field(sb, "accepted_per_sec", Math.round(acceptedPerSec));
                field(sb, "delivered_per_sec", Math.round(deliveredPerSec));
                field(sb, "engine_accepted_per_sec", Math.round(engineAcceptedPerSec));
                field(sb, "engine_delivered_per_sec", Math.round(engineDeliveredPerSec));
                field(sb, "latency_samples", samples);
                field(sb, "p50_us", round(p50Us));
                field(sb, "p90_us", round(p90Us));
                field(sb, "p99_us", round(p99Us));
                field(sb, "p999_us", round(p999Us));
                field(sb, "max_us", round(maxUs));
                field(sb, "baseline_per_sec", Math.round(baselinePerSec));
                field(sb, "ratio", Math.round(ratio * 10000) / 10000.0);
                field(sb, "cpu_percent", round(cpuPercent));
                field(sb, "busy_nacks", busyNacks);
                field(sb, "other_nacks", otherNacks);
                field(sb, "send_refused", sendRefused);
                field(sb, "resyncs", resyncs);
                field(sb, "sessions_closed", sessionsClosed);
                field(sb, "promotions", promotions);
                field(sb, "store_full", storeFull);
                field(sb, "agent_errors", agentErrors);
                field(sb, "gc_count", gcCount);
                field(sb, "gc_time_ms", gcTimeMs);
                field(sb, "alloc_bytes", allocBytes);
                field(sb, "heap_used_bytes", heapUsedBytes);
                sb.setLength(sb.length() - 1);
                out.println(sb.append('}'));
            }
        }

        private static double round(final double v) {
            return Math.round(v * 10) / 10.0;
        }

        private static void field(final StringBuilder sb, final String name, final Object value) {
            sb.append('"').append(name).append("\":").append(value).append(',');
        }
    }
}
