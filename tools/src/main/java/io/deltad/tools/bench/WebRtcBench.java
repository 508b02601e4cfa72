package io.deltad.tools.bench;

import io.deltad.counters.CountersFileReader;
import io.deltad.io.SessionSpec;
import io.deltad.token.SessionTokens;
import io.deltad.tools.bench.WebRtcClientThread.PublisherSpec;
import io.deltad.tools.bench.WebRtcClientThread.Shared;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code deltabench webrtc}: the whole appliance through its real transport on loopback. The appliance runs as a
 * separate process ({@code bin/deltad} with a generated config: signaling and WebRTC on 127.0.0.1, free ports, a
 * token key, io agent and doc agent on their own CPUs), so that its CPU time is measured alone from /proc. In this
 * JVM, one publisher session and K subscriber sessions ({@link io.deltad.tools.client.WebRtcClient}: signaling POST,
 * ICE, DTLS, SCTP, DCEP) are polled by a few client threads; the publisher keeps a window of un-ACKed deltas (closed
 * loop) or sends at a fixed rate (open loop), each delta's payload starting with its send time.
 *
 * <p>Same-run baselines, measured before the appliance starts: AES-128-GCM records/s of one thread for the frame size
 * (what encrypting each delivered delta as its own DTLS record would cost at best) and raw UDP {@code sendmmsg}
 * datagrams/s through {@link io.deltad.io.packet.UdpPacketIo}.
 */
@Command(name = "webrtc", mixinStandardHelpOptions = true,
    description = "Appliance throughput, latency and CPU over real WebRTC DataChannels on loopback, against raw "
        + "AES-GCM and UDP baselines measured in the same run.")
public final class WebRtcBench implements Callable<Integer> {
    /** Type id of the benchmark's opaque document type (a temp schema dir the appliance loads). */
    static final int BENCH_TYPE_ID = 42;
    /** The anchor of issue 3: a libdatachannel relay, messages/s delivered using 0.9 of a core. */
    private static final double ANCHOR_CORES = 0.9;
    /** DTLS 1.2 AES-GCM record (13 header + 8 explicit nonce + 16 tag) + SCTP common header and DATA chunk header. */
    private static final int RECORD_AND_SCTP_OVERHEAD = 13 + 8 + 16 + 12 + 16;
    private static final int MTU_RECORD_BYTES = 1200;

    enum Launch { deltad, java }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--subscribers", description = "Subscriber sessions, each subscribed to every document (default ${DEFAULT-VALUE}).")
    int subscribers = 1;
    @Option(names = "--size", description = "Payload bytes of each opaque delta, >= 8 (the frame adds a 24-byte header) (default ${DEFAULT-VALUE}).")
    int size = 64;
    @Option(names = "--duration", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    double durationSec = 10;
    @Option(names = "--warmup", description = "Most warm-up seconds before measuring (default ${DEFAULT-VALUE}).")
    double warmupSec = 8;
    @Option(names = "--warmup-deltas", description = "Warm-up also ends once this many deltas were delivered (default ${DEFAULT-VALUE}).")
    long warmupDeltas = 50_000_000;
    @Option(names = "--rate", description = "Offered deltas/s (open loop; the payload carries the intended send time), "
        + "0 = as fast as the window allows (default ${DEFAULT-VALUE}).")
    long rate = 0;
    @Option(names = "--window", description = "Deltas the publisher may have un-ACKed (default ${DEFAULT-VALUE}).")
    int window = 1024;
    @Option(names = "--delivery-window", description = "Deltas the publisher may have sent that the slowest subscriber "
        + "has not received yet, 0 = unbounded (an ACK means accepted, not delivered) (default ${DEFAULT-VALUE}).")
    int deliveryWindow = 1024;
    @Option(names = "--batch", description = "DELTA frames per publisher DataChannel message (default ${DEFAULT-VALUE}).")
    int batch = 16;
    @Option(names = "--documents", description = "Documents the publisher writes round-robin (default ${DEFAULT-VALUE}).")
    int documents = 1;
    @Option(names = "--client-threads", description = "Client threads polling the sessions: thread 0 runs the publisher, "
        + "subscribers go round-robin from thread 1 (with 1, one thread polls them all) (default ${DEFAULT-VALUE}).")
    int clientThreads = 1;
    @Option(names = "--client-cpus", split = ",", description = "CPUs to pin the client threads to, one per thread, "
        + "-1 = unpinned (default: every client thread on --doc-cpu, which one document leaves nearly idle; unpinned, "
        + "the scheduler may put a client thread beside the io agent and halve both).")
    int[] clientCpus = new int[0];
    @Option(names = "--io-cpu", description = "CPU of the appliance's io agent and conductor (default ${DEFAULT-VALUE}).")
    int ioCpu = 0;
    @Option(names = "--doc-cpu", description = "CPU of the appliance's doc agent (default ${DEFAULT-VALUE}).")
    int docCpu = 1;
    @Option(names = "--server-burst", description = "The appliance's [webrtc] burst (datagrams per recvmmsg/sendmmsg), "
        + "0 = its default (default ${DEFAULT-VALUE}).")
    int serverBurst = 0;
    @Option(names = "--server-gso", arity = "1", description = "The appliance's [webrtc] gso: UDP GSO for runs of "
        + "datagrams to one session (default ${DEFAULT-VALUE}).")
    boolean serverGso = true;
    @Option(names = "--baseline", description = "Seconds of each baseline (AES-GCM, UDP), 0 = skip (default ${DEFAULT-VALUE}).")
    double baselineSec = 2;
    @Option(names = "--server-java-opts", description = "JVM flags of the appliance process (its JAVA_OPTS), e.g. a JFR recording.")
    String serverJavaOpts = "";
    @Option(names = "--launch", description = "deltad: DELTAD_HOME/bin/deltad; java: this JVM's java and class path "
        + "(tests) (default ${DEFAULT-VALUE}).")
    Launch launch = Launch.deltad;
    @Option(names = "--connect-timeout", description = "Seconds for the appliance to start and for each session to open (default ${DEFAULT-VALUE}).")
    double connectTimeoutSec = 30;
    @Option(names = "--keep", description = "Keep the temp dir (config, schema, appliance log) after the run.")
    boolean keep;
    @Option(names = "--json", description = "Print the result as one JSON object on the last line.")
    boolean json;

    /**
     * Where the appliance runs and how the clients reach it. Loopback for {@code deltabench webrtc}; {@code deltabench
     * dpdk --vdev af_packet} runs the appliance in a network namespace ({@code commandPrefix}), its sessions' UDP over
     * kernel UDP or DPDK ({@code ioSections}: TOML appended to the config) and the clients bound to a veth address.
     */
    record Network(String signalingHost, String webrtcAddress, InetAddress clientBind, List<String> commandPrefix,
                   String ioSections, String description) {
        static final Network LOOPBACK = new Network("127.0.0.1", "127.0.0.1", InetAddress.getLoopbackAddress(),
            List.of(), "", "loopback, kernel UDP");
    }

    /** Set by callers that run this benchmark from code (deltabench dpdk); the command line always has loopback. */
    Network network = Network.LOOPBACK;

    @Override
    public Integer call() throws Exception {
        final Result result = measure();
        result.print(spec.commandLine().getOut(), json);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The whole run: baselines, the appliance, the sessions, the measured interval; prints progress, not the result. */
    Result measure() throws Exception {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final int frameBytes = FrameHeader.LENGTH + size;
        final int threads = Math.max(1, Math.min(clientThreads, subscribers + 1));
        out.printf(Locale.ROOT, "deltabench webrtc: 1 publisher, %d subscribers, %d document(s), %d-byte payloads "
                + "(%d-byte frames), publisher batch %d frames/message, window %d un-ACKed deltas, delivery window %s, %s, "
                + "%d client thread(s)%n",
            subscribers, documents, size, frameBytes, batch, window,
            deliveryWindow > 0 ? deliveryWindow + " deltas not yet at the slowest subscriber" : "unbounded", rate > 0 ? "open loop at " + rate + " deltas/s"
                : "closed loop", threads);
        out.printf(Locale.ROOT, "machine: %d CPUs, JDK %s, load average at start %s%n",
            Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());
        out.flush();

        // Baselines first, while only this JVM runs.
        final long baselineNs = (long) (baselineSec * 1e9);
        aesRecords = baselineNs > 0 ? AesGcmBaseline.recordsPerSecond(frameBytes, baselineNs) : 0;
        aesMtuRecords = baselineNs > 0 ? AesGcmBaseline.recordsPerSecond(MTU_RECORD_BYTES, baselineNs) : 0;
        final int datagramBytes = frameBytes + RECORD_AND_SCTP_OVERHEAD;
        udpDatagrams = baselineNs > 0 ? UdpBaseline.datagramsPerSecond(datagramBytes, baselineNs) : 0;
        out.printf(Locale.ROOT, "baseline: AES-128-GCM %d-byte records (frame = 24-byte header + payload), 1 thread: "
            + "%,.0f records/s; %d-byte records: %,.0f records/s (%,.1f MB/s)%n", frameBytes, aesRecords,
            MTU_RECORD_BYTES, aesMtuRecords, aesMtuRecords * MTU_RECORD_BYTES / 1e6);
        out.printf(Locale.ROOT, "baseline: UDP sendmmsg (UdpPacketIo, bursts of 32) of %d-byte datagrams on loopback, "
            + "1 thread: %,.0f datagrams/s%n", datagramBytes, udpDatagrams);
        out.flush();

        final Path dir = Files.createTempDirectory("deltabench-webrtc");
        boolean failed = true;
        try {
            final byte[] keyBytes = new byte[24];
            new SecureRandom().nextBytes(keyBytes);
            final String key = HexFormat.of().formatHex(keyBytes);
            final int signalingPort = ApplianceProcess.freePort();
            final Path config = writeConfig(dir, key, signalingPort);
            final Duration timeout = Duration.ofMillis((long) (connectTimeoutSec * 1000));
            try (ApplianceProcess appliance = ApplianceProcess.start(
                launch == Launch.deltad ? ApplianceProcess.Launch.deltad : ApplianceProcess.Launch.java,
                launch == Launch.deltad ? deltadHome() : null, config, network.signalingHost(), signalingPort,
                network.commandPrefix(), serverJavaOpts, timeout)) {
                out.printf(Locale.ROOT, "appliance: pid %d (%s), %s, signaling %s, io agent + conductor on CPU %d, "
                    + "doc agent on CPU %d, log %s%n", appliance.pid(), launch == Launch.deltad ? "bin/deltad" : "java",
                    network.description(), appliance.signaling(), ioCpu, docCpu, appliance.log());
                out.flush();
                final Result result = run(appliance, key, threads, timeout, dir, out);
                final int exit = appliance.stop();
                if (exit != 0 && exit != 143) {
                    out.printf("appliance exited with %d; log %s%n", exit, appliance.log());
                }
                failed = false;
                return result;
            }
        } finally {
            if (failed || keep) {
                spec.commandLine().getErr().printf("deltabench webrtc: temp dir kept: %s%n", dir);
            } else {
                deleteQuietly(dir);
            }
        }
    }

    private Result run(final ApplianceProcess appliance, final String key, final int threadCount,
        final Duration timeout, final Path dir, final PrintWriter out) throws Exception {
        final long[] docIds = new long[documents];
        for (int i = 0; i < documents; i++) {
            docIds[i] = DocIds.of(BENCH_TYPE_ID, i + 1);
        }
        final String token = new SessionTokens(key.getBytes(StandardCharsets.UTF_8), "bench", 86_400)
            .issue(new SessionSpec("deltabench", List.of("bench/*"), List.of("bench/*"), List.of()), 3600,
                Instant.now());
        final Shared shared = new Shared(appliance.signaling(), token, timeout, docIds, threadCount,
            network.clientBind());
        final WebRtcClientThread[] threads = new WebRtcClientThread[threadCount];
        final int[] perThread = new int[threadCount];
        for (int s = 0; s < subscribers; s++) {
            perThread[(1 + s) % threadCount]++;
        }
        for (int t = 0; t < threadCount; t++) {
            threads[t] = new WebRtcClientThread(t, shared, perThread[t],
                t == 0 ? new PublisherSpec(size, batch, window, deliveryWindow, rate) : null,
                clientCpu(t));
        }
        final long setupStartNs = System.nanoTime();
        try {
            for (final WebRtcClientThread thread : threads) {
                thread.start(threads);
            }
            final long connectBudgetMs = timeout.toMillis() * (subscribers + 1);
            if (!shared.connected.await(connectBudgetMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("sessions not open within " + connectBudgetMs + " ms");
            }
            failIfFailed(shared, appliance);
            final StringBuilder placement = new StringBuilder();
            for (int t = 0; t < threadCount; t++) {
                placement.append(t == 0 ? "" : ", ").append("thread ").append(t).append(": ")
                    .append(t == 0 ? "publisher + " : "").append(perThread[t]).append(" subscriber(s)")
                    .append(threads[t].isPinned() ? " on CPU " + clientCpu(t) : " unpinned");
            }
            out.printf(Locale.ROOT, "sessions: %d open in %.1f s; client threads: %s%n",
                subscribers + 1, (System.nanoTime() - setupStartNs) / 1e9, placement);
            out.flush();

            shared.start.countDown();
            final long warmupEndNs = System.nanoTime() + (long) (warmupSec * 1e9);
            while (System.nanoTime() < warmupEndNs && sum(threads, t -> t.delivered) < warmupDeltas) {
                Thread.sleep(10);
                failIfFailed(shared, appliance);
            }
            final Path countersFile = dir.resolve("counters.dat");
            final Snapshot before = Snapshot.take(threads, appliance, countersFile);
            shared.measuring = true;
            final long endNs = before.nowNs + (long) (durationSec * 1e9);
            while (System.nanoTime() < endNs) {
                Thread.sleep(Math.max(1, Math.min(100, (endNs - System.nanoTime()) / 1_000_000)));
                failIfFailed(shared, appliance);
            }
            shared.measuring = false;
            final Snapshot after = Snapshot.take(threads, appliance, countersFile);
            out.printf(Locale.ROOT, "client JVM GCs during the measurement: %d (%d ms)%n", after.gcCount - before.gcCount,
                after.gcMs - before.gcMs);
            for (int t = 0; t < threadCount; t++) {
                final long passes = after.passes[t] - before.passes[t];
                out.printf(Locale.ROOT, "client thread %d: %,d passes/s over its %d session(s), %.1f us busy per pass "
                        + "on average, longest %.1f us%n", t, Math.round(passes / durationSec),
                    threads[t].sessions(), passes > 0 ? (after.passNanos[t] - before.passNanos[t]) / 1e3 / passes : 0,
                    threads[t].passMaxNanos.getAcquire() / 1e3);
            }
            shared.running = false;
            final Histogram histogram = new Histogram(60_000_000_000L, 3);
            for (final WebRtcClientThread thread : threads) {
                if (!thread.join(30_000)) {
                    throw new IllegalStateException("a client thread did not stop");
                }
                histogram.add(thread.histogram());
                for (final String reason : thread.closedReasons()) {
                    out.println("session ended during the run: " + reason);
                }
            }
            printClientDrops(threads, out);
            return Result.of(this, threadCount, before, after, histogram, threads[0].firstNackCode(), aesRecords,
                aesMtuRecords, udpDatagrams);
        } finally {
            shared.running = false;
            shared.start.countDown();
            for (final WebRtcClientThread thread : threads) {
                thread.join(10_000); // each closes its sessions (DELETE) before it ends
            }
        }
    }

    /** The CPU client thread {@code t} is pinned to, -1 for none. */
    private int clientCpu(final int t) {
        return clientCpus.length == 0 ? docCpu : t < clientCpus.length ? clientCpus[t] : -1;
    }

    // The same-run baselines, measured in call() before the appliance starts.
    private double aesRecords;
    private double aesMtuRecords;
    private double udpDatagrams;

    /** Drops counted by the client sessions' own layers over the whole run: a lossless loopback should show none. */
    private static void printClientDrops(final WebRtcClientThread[] threads, final PrintWriter out) {
        final StringBuilder sb = new StringBuilder();
        long sendDrops = 0;
        for (final WebRtcClientThread thread : threads) {
            sendDrops += thread.datagramSendDrops();
        }
        if (sendDrops > 0) {
            sb.append(" udp-send ").append(sendDrops);
        }
        for (final var reason : io.deltad.dtls.peer.PeerStats.DTLS) {
            long n = 0;
            for (final WebRtcClientThread thread : threads) {
                n += thread.drops().dtls(reason);
            }
            if (n > 0) {
                sb.append(" dtls ").append(reason).append(' ').append(n);
            }
        }
        for (final var reason : io.deltad.dtls.peer.PeerStats.SCTP) {
            long n = 0;
            for (final WebRtcClientThread thread : threads) {
                n += thread.drops().sctp(reason);
            }
            if (n > 0) {
                sb.append(" sctp ").append(reason).append(' ').append(n);
            }
        }
        for (final var reason : io.deltad.dtls.peer.PeerStats.DCEP) {
            long n = 0;
            for (final WebRtcClientThread thread : threads) {
                n += thread.drops().dcep(reason);
            }
            if (n > 0) {
                sb.append(" dcep ").append(reason).append(' ').append(n);
            }
        }
        out.println("client-side drops over the whole run:" + (sb.isEmpty() ? " none" : sb));
    }

    private static void failIfFailed(final Shared shared, final ApplianceProcess appliance) {
        final Throwable failure = shared.failure.get();
        if (failure != null) {
            throw new IllegalStateException("a client thread failed: " + failure, failure);
        }
        if (!appliance.isAlive()) {
            throw new IllegalStateException("the appliance process ended; its log:\n" + appliance.tail());
        }
    }

    private void validate() {
        final CommandLine cl = spec.commandLine();
        check(cl, subscribers >= 1 && subscribers <= 1000, "--subscribers must be 1..1000");
        check(cl, size >= Long.BYTES && size <= 65_536, "--size must be 8..65536 (the payload starts with an 8-byte timestamp)");
        check(cl, durationSec > 0 && warmupSec >= 0 && warmupDeltas >= 0 && baselineSec >= 0,
            "--duration must be > 0; --warmup, --warmup-deltas and --baseline >= 0");
        check(cl, batch >= 1 && (long) batch * (size + FrameHeader.LENGTH) <= 256 * 1024,
            "--batch must be >= 1 and batch * (size + 24) <= 256 KiB (the appliance's max message size)");
        check(cl, window >= batch, "--window must be >= --batch");
        check(cl, deliveryWindow == 0 || deliveryWindow >= batch, "--delivery-window must be 0 or >= --batch");
        check(cl, rate >= 0, "--rate must be >= 0");
        check(cl, documents >= 1 && documents <= 1024, "--documents must be 1..1024");
        check(cl, clientThreads >= 1, "--client-threads must be >= 1");
        check(cl, ioCpu >= 0 && docCpu >= 0, "--io-cpu and --doc-cpu must be >= 0");
        check(cl, clientCpus.length <= clientThreads, "--client-cpus names more CPUs than --client-threads");
        check(cl, serverBurst >= 0 && serverBurst <= 1024, "--server-burst must be 0..1024");
        check(cl, connectTimeoutSec > 0, "--connect-timeout must be > 0");
    }

    private static void check(final CommandLine cl, final boolean condition, final String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(cl, message);
        }
    }

    /** The checkout bin/deltad is in: -Ddeltad.home (bin/deltabench sets it), else found above the tools classes. */
    private static Path deltadHome() {
        final String property = System.getProperty("deltad.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            Path dir = Path.of(WebRtcBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            while (dir != null && !Files.isExecutable(dir.resolve("bin/deltad"))) {
                dir = dir.getParent();
            }
            if (dir != null) {
                return dir;
            }
        } catch (final URISyntaxException | RuntimeException ignored) {
            // fall through
        }
        throw new IllegalStateException("bin/deltad not found: run through bin/deltabench or use --launch java");
    }

    /** The appliance's config: everything in the temp dir, ports free, one io agent and one doc agent. */
    private Path writeConfig(final Path dir, final String key, final int signalingPort) throws IOException {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("bench.toml"), """
            # Written by deltabench webrtc: an opaque type, so the payload can carry the send timestamp.
            [type]
            name = "bench"
            id = %d
            max_delta_bytes = %d
            opaque = true
            """.formatted(BENCH_TYPE_ID, Math.max(size, 1024)));
        final Path config = dir.resolve("deltad.toml");
        Files.writeString(config, """
            # Written by deltabench webrtc.
            [node]
            name = "deltabench-%d"

            [cores]
            io = [%d]
            doc = [%d]
            elastic = []
            conductor = %d
            shared = true
            idle = "backoff"

            [store]
            size = "256MiB"
            chunk_size = "1MiB"

            [retention]
            time = "5s"
            max_deltas_per_doc = 65536

            [limits]
            max_sessions = 2000

            [schemas]
            dir = "schemas"

            [counters]
            file = "counters.dat"

            [control]
            socket = "control.sock"

            [tokens]
            key = "%s"
            key_id = "bench"

            [signaling]
            listen = "%s:%d"
            rate_limit_per_sec = 0

            [webrtc]
            address = "%s"
            port = 0
            """.formatted(ProcessHandle.current().pid(), ioCpu, docCpu, ioCpu, key, network.signalingHost(),
                signalingPort, network.webrtcAddress())
            + (serverBurst > 0 ? "burst = " + serverBurst + "\n" : "") + "gso = " + serverGso + "\n"
            + network.ioSections());
        return config;
    }

    static String loadAverage() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (final IOException ex) {
            return "unknown";
        }
    }

    private static long sum(final WebRtcClientThread[] threads,
        final java.util.function.Function<WebRtcClientThread, java.util.concurrent.atomic.AtomicLong> counter) {
        long total = 0;
        for (final WebRtcClientThread thread : threads) {
            total += counter.apply(thread).getAcquire();
        }
        return total;
    }

    private static void deleteQuietly(final Path dir) {
        try (var files = Files.walk(dir)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (final IOException | UncheckedIOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** Client counters, server CPU (process and per thread) and server counters at one instant. */
    record Snapshot(long nowNs, long sent, long acked, long nacked, long wouldBlock, long windowFull,
                    long deliveryWindowFull,
                    long delivered, long gaps, long resyncs, long errors, long closedSessions, long serverCpuNs,
                    Map<String, Long> serverThreadCpuNs, long clientCpuNs, Map<String, Long> serverCounters,
                    String loadAverage, long udpRcvbufErrors, Map<String, Long> clientSctp, long[] passes,
                    long[] passNanos, long gcCount, long gcMs) {
        static Snapshot take(final WebRtcClientThread[] threads, final ApplianceProcess appliance,
            final Path countersFile) {
            final long nowNs = System.nanoTime();
            final long serverCpuNs = appliance.cpuNs();
            final long clientCpuNs = ((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            final Snapshot snapshot = new Snapshot(nowNs, sum(threads, t -> t.sent), sum(threads, t -> t.acked),
                sum(threads, t -> t.nacked), sum(threads, t -> t.wouldBlock), sum(threads, t -> t.windowFull),
                sum(threads, t -> t.deliveryWindowFull),
                sum(threads, t -> t.delivered), sum(threads, t -> t.gaps), sum(threads, t -> t.resyncs),
                sum(threads, t -> t.errors), sum(threads, t -> t.closedSessions), serverCpuNs,
                appliance.threadCpuNs(), clientCpuNs, readCounters(countersFile), WebRtcBench.loadAverage(),
                readUdpRcvbufErrors(), ClientSctpStats.read(),
                java.util.Arrays.stream(threads).mapToLong(t -> t.passes.getAcquire()).toArray(),
                java.util.Arrays.stream(threads).mapToLong(t -> t.passNanos.getAcquire()).toArray(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum());
            return snapshot;
        }

        /** The kernel's count of UDP datagrams dropped because a socket's receive buffer was full (all sockets). */
        private static long readUdpRcvbufErrors() {
            return KernelUdpCounters.read().getOrDefault("RcvbufErrors", -1L);
        }

        private static Map<String, Long> readCounters(final Path file) {
            try (CountersFileReader reader = CountersFileReader.open(file)) {
                return reader.snapshot();
            } catch (final RuntimeException ex) {
                return Map.of();
            }
        }
    }

    /** What the run measured, as a table and as JSON. */
    record Result(WebRtcBench options, int clientThreads, double seconds, double sentPerSec, double ackedPerSec,
                  double deliveredPerSec, double deliveredMbPerSec, long samples, double p50Us, double p90Us,
                  double p99Us, double p999Us, double maxUs, double serverCpuPercent, double clientCpuPercent,
                  double perServerCore, double aesRecordsPerSec, double aesMtuRecordsPerSec, double egressVsAes,
                  double udpDatagramsPerSec, long nacks, long firstNackCode, long wouldBlock, long windowFull,
                  long deliveryWindowFull,
                  long gaps, long resyncs, long errors, long sessionsClosed, Map<String, Double> threadCpuPercent,
                  Map<String, Long> serverCounterDeltas, String loadBefore, String loadAfter, long udpRcvbufErrors,
                  Map<String, Long> clientSctpDeltas) {

        static Result of(final WebRtcBench o, final int clientThreads, final Snapshot b, final Snapshot a,
            final Histogram h, final long firstNackCode, final double aes, final double aesMtu, final double udp) {
            final double seconds = (a.nowNs - b.nowNs) / 1e9;
            final double delivered = (a.delivered - b.delivered) / seconds;
            final double serverCpu = 100.0 * (a.serverCpuNs - b.serverCpuNs) / (a.nowNs - b.nowNs);
            final double perCore = serverCpu > 0 ? delivered / (serverCpu / 100) : 0;
            final Map<String, Double> threadCpu = new TreeMap<>();
            for (final Map.Entry<String, Long> e : a.serverThreadCpuNs.entrySet()) {
                final long diff = e.getValue() - b.serverThreadCpuNs.getOrDefault(e.getKey(), 0L);
                if (diff > 0) {
                    threadCpu.put(e.getKey(), 100.0 * diff / (a.nowNs - b.nowNs));
                }
            }
            final Map<String, Long> counterDeltas = new TreeMap<>(deltas(b.serverCounters, a.serverCounters));
            return new Result(o, clientThreads, seconds, (a.sent - b.sent) / seconds, (a.acked - b.acked) / seconds,
                delivered, delivered * o.size / 1e6, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, serverCpu,
                100.0 * (a.clientCpuNs - b.clientCpuNs) / (a.nowNs - b.nowNs), perCore, aes, aesMtu,
                aes > 0 ? perCore / aes : 0, udp, a.nacked - b.nacked, firstNackCode, a.wouldBlock - b.wouldBlock,
                a.windowFull - b.windowFull, a.deliveryWindowFull - b.deliveryWindowFull, a.gaps - b.gaps, a.resyncs - b.resyncs, a.errors - b.errors,
                a.closedSessions, threadCpu, counterDeltas, b.loadAverage, a.loadAverage,
                a.udpRcvbufErrors - b.udpRcvbufErrors, deltas(b.clientSctp, a.clientSctp));
        }

        private static Map<String, Long> deltas(final Map<String, Long> before, final Map<String, Long> after) {
            final Map<String, Long> diffs = new java.util.LinkedHashMap<>();
            for (final Map.Entry<String, Long> e : after.entrySet()) {
                final long diff = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                if (diff != 0) {
                    diffs.put(e.getKey(), diff);
                }
            }
            return diffs;
        }

        void print(final PrintWriter out, final boolean json) {
            final WebRtcBench o = options;
            out.println();
            out.printf(Locale.ROOT, "%-36s %,16.0f%n", "sent/s (publisher)", sentPerSec);
            out.printf(Locale.ROOT, "%-36s %,16.0f%n", "accepted/s (ACKs)", ackedPerSec);
            out.printf(Locale.ROOT, "%-36s %,16.0f%n", "delivered/s (all subscribers)", deliveredPerSec);
            out.printf(Locale.ROOT, "%-36s %16.2f%n", "delivered payload MB/s", deliveredMbPerSec);
            out.printf(Locale.ROOT, "%-36s %16s%n", "latency us p50/p90/p99/p99.9/max",
                String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f / %.1f", p50Us, p90Us, p99Us, p999Us, maxUs));
            out.printf(Locale.ROOT, "%-36s %,16d%n", "latency samples", samples);
            out.printf(Locale.ROOT, "%-36s %16.1f%n", "server CPU % (100 = one core)", serverCpuPercent);
            threadCpuPercent.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(6).forEach(e -> out.printf(Locale.ROOT, "    %-32s %16.1f%n", e.getKey(), e.getValue()));
            out.printf(Locale.ROOT, "%-36s %16.1f%n", "client CPU % (this JVM)", clientCpuPercent);
            out.printf(Locale.ROOT, "%-36s %,16.0f%n", "delivered/s per server core", perServerCore);
            out.printf(Locale.ROOT, "%-36s %,16.0f%n", "baseline AES-GCM records/s (1 core)", aesRecordsPerSec);
            out.printf(Locale.ROOT, "%-36s %16.3f%n", "egress vs AES per core", egressVsAes);
            out.printf(Locale.ROOT, "%-36s %,16.0f%n", "baseline UDP datagrams/s (1 core)", udpDatagramsPerSec);
            final double anchorLow = o.size <= 64 ? 150_000 : 45_000;
            final double anchorHigh = o.size <= 64 ? 280_000 : 64_000;
            if (o.size == 64 || o.size == 1024) {
                out.printf(Locale.ROOT, "%-36s %,.0f - %,.0f (10x the anchor's %,.0f - %,.0f msgs/s at 0.9 core)%n",
                    "target delivered/s per server core", 10 * anchorLow / ANCHOR_CORES, 10 * anchorHigh / ANCHOR_CORES,
                    anchorLow, anchorHigh);
            }
            out.printf(Locale.ROOT, "%-36s %,16d (first code %d)%n", "publisher NACKs", nacks, firstNackCode);
            out.printf(Locale.ROOT, "%-36s %,16d%n", "SCTP WOULD_BLOCK on publish", wouldBlock);
            out.printf(Locale.ROOT, "%-36s %,16d%n", "passes with the ACK window full", windowFull);
            out.printf(Locale.ROOT, "%-36s %,16d%n", "passes with the delivery window full", deliveryWindowFull);
            out.printf(Locale.ROOT, "%-36s %,16d / %,d / %,d%n", "gaps / RESYNCs / errors at subscribers", gaps,
                resyncs, errors);
            out.printf(Locale.ROOT, "%-36s %,16d%n", "sessions closed", sessionsClosed);
            out.printf(Locale.ROOT, "%-36s %,16d%n", "UDP receive-buffer drops (kernel)", udpRcvbufErrors);
            out.printf(Locale.ROOT, "%-36s %s -> %s%n", "load average (1/5/15 min)", loadBefore, loadAfter);
            if (!serverCounterDeltas.isEmpty()) {
                out.println("server counters changed during the measurement:");
                serverCounterDeltas.forEach((name, diff) -> out.printf(Locale.ROOT, "    %-60s %,16d%n", name, diff));
            }
            if (!clientSctpDeltas.isEmpty()) {
                out.println("client-side usrsctp counters (this JVM) during the measurement:");
                clientSctpDeltas.forEach((name, diff) -> out.printf(Locale.ROOT, "    %-60s %,16d%n", name, diff));
            }
            if (json) {
                final StringBuilder sb = new StringBuilder(1024).append('{');
                field(sb, "benchmark", "\"webrtc\"");
                field(sb, "subscribers", o.subscribers);
                field(sb, "documents", o.documents);
                field(sb, "size", o.size);
                field(sb, "frame_bytes", o.size + FrameHeader.LENGTH);
                field(sb, "batch", o.batch);
                field(sb, "window", o.window);
                field(sb, "delivery_window", o.deliveryWindow);
                field(sb, "rate", o.rate);
                field(sb, "client_threads", clientThreads);
                field(sb, "client_cpus", "\"" + (o.clientCpus.length == 0 ? "[" + o.docCpu + "]"
                    : java.util.Arrays.toString(o.clientCpus)) + "\"");
                field(sb, "server_burst", o.serverBurst);
                field(sb, "server_gso", o.serverGso);
                field(sb, "duration_s", round(seconds));
                field(sb, "sent_per_sec", Math.round(sentPerSec));
                field(sb, "accepted_per_sec", Math.round(ackedPerSec));
                field(sb, "delivered_per_sec", Math.round(deliveredPerSec));
                field(sb, "delivered_mb_per_sec", Math.round(deliveredMbPerSec * 100) / 100.0);
                field(sb, "latency_samples", samples);
                field(sb, "p50_us", round(p50Us));
                field(sb, "p90_us", round(p90Us));
                field(sb, "p99_us", round(p99Us));
                field(sb, "p999_us", round(p999Us));
                field(sb, "max_us", round(maxUs));
                field(sb, "server_cpu_percent", round(serverCpuPercent));
                field(sb, "client_cpu_percent", round(clientCpuPercent));
                field(sb, "deltas_per_sec_per_server_core", Math.round(perServerCore));
                field(sb, "baseline_aes_record_bytes", o.size + FrameHeader.LENGTH);
                field(sb, "baseline_aes_records_per_sec", Math.round(aesRecordsPerSec));
                field(sb, "egress_vs_aes_per_core", Math.round(egressVsAes * 1000) / 1000.0);
                field(sb, "baseline_aes_mtu_record_bytes", MTU_RECORD_BYTES);
                field(sb, "baseline_aes_mtu_records_per_sec", Math.round(aesMtuRecordsPerSec));
                field(sb, "baseline_udp_datagram_bytes", o.size + FrameHeader.LENGTH + RECORD_AND_SCTP_OVERHEAD);
                field(sb, "baseline_udp_datagrams_per_sec", Math.round(udpDatagramsPerSec));
                field(sb, "nacks", nacks);
                field(sb, "would_block", wouldBlock);
                field(sb, "gaps", gaps);
                field(sb, "resyncs", resyncs);
                field(sb, "errors", errors);
                field(sb, "sessions_closed", sessionsClosed);
                field(sb, "udp_rcvbuf_drops", udpRcvbufErrors);
                field(sb, "load_before", "\"" + loadBefore + "\"");
                field(sb, "load_after", "\"" + loadAfter + "\"");
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
