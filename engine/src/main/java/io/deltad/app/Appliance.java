package io.deltad.app;

import io.deltad.agent.AgentAssignment;
import io.deltad.agent.AgentThreads;
import io.deltad.agent.DistinctErrorLog;
import io.deltad.conductor.Tunables;
import io.deltad.control.ControlContext;
import io.deltad.control.ControlServer;
import io.deltad.config.CoreMapConfig;
import io.deltad.config.DeltadConfig;
import io.deltad.config.IoConfig;
import io.deltad.config.LimitsConfig;
import io.deltad.counters.CountersFile;
import io.deltad.doc.DocAgent;
import io.deltad.io.IoAgent;
import io.deltad.io.dpdk.DpdkPacketPath;
import io.deltad.metrics.CountersExposition;
import io.deltad.metrics.MetricsServer;
import io.deltad.config.WebRtcConfig;
import io.deltad.dtls.dtls.DtlsCertificate;
import io.deltad.io.webrtc.WebRtcSettings;
import io.deltad.io.webrtc.WebRtcTransport;
import org.agrona.concurrent.SystemNanoClock;
import io.deltad.schema.SchemaRegistry;
import io.deltad.signaling.SessionBroker;
import io.deltad.signaling.SignalingContext;
import io.deltad.signaling.SignalingServer;
import io.deltad.signaling.TransportNotEnabledBroker;
import io.deltad.store.ChunkStore;
import io.deltad.token.SessionTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The appliance as an operator runs it: config in, store and counters file created, engine wired, agents on
 * threads per the core map, the control socket, the signaling endpoint and the metrics port. {@link #close()} closes
 * the control socket and the HTTP ports, stops the agents, then releases memory and the counters file.
 *
 * <p>Signaling starts with a {@link io.deltad.signaling.TransportNotEnabledBroker} (every offer 503) until the
 * WebRTC session layer is plugged in with {@link #sessionBroker(SessionBroker)}.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);

    private final DeltadConfig config;
    private final ChunkStore store;
    private final CountersFile countersFile;
    private final Engine engine;
    private final AgentThreads threads;
    private final ControlServer control;
    private final List<ControlContext.Worker> workers;
    private final MetricsServer metrics;
    private final SignalingServer signaling;
    private final WebRtcTransport webRtc;
    private boolean closed;

    private Appliance(final DeltadConfig config, final ChunkStore store, final CountersFile countersFile,
        final Engine engine, final AgentThreads threads, final ControlServer control, final MetricsServer metrics,
        final SignalingServer signaling, final WebRtcTransport webRtc, final List<ControlContext.Worker> workers) {
        this.config = config;
        this.store = store;
        this.countersFile = countersFile;
        this.engine = engine;
        this.threads = threads;
        this.control = control;
        this.metrics = metrics;
        this.signaling = signaling;
        this.webRtc = webRtc;
        this.workers = List.copyOf(workers);
    }

    /**
     * Starts an appliance from a validated config; {@code deltactl shutdown} closes it (an embedding process keeps
     * running).
     */
    public static Appliance start(final DeltadConfig config) {
        return start(config, null);
    }

    /**
     * Starts an appliance from a validated config.
     *
     * @param config   the configuration.
     * @param shutdown what {@code deltactl shutdown} does, on a thread of its own after the reply went out; null
     *                 closes this appliance. {@code DeltadMain} exits the JVM, so the stop is the one SIGTERM does.
     * @throws io.deltad.control.ControlSocketException when another appliance answers on {@code control.socket}.
     */
    public static Appliance start(final DeltadConfig config, final Runnable shutdown) {
        // The control socket first: a second appliance with the same socket fails before it maps or starts anything.
        final ControlServer control = ControlServer.bind(config.control().socket(), config.control().maxConnections());
        MetricsServer metrics = null;
        SignalingServer signaling = null;
        Appliance appliance = null;
        try {
            // Bound before the engine too: a port in use fails the start before memory is mapped.
            metrics = config.metrics().listen().map(MetricsServer::bind).orElse(null);
            signaling = config.signaling().enabled() ? SignalingServer.bind(config.signaling()) : null;
            appliance = startEngine(config, control, metrics, signaling);
            final long startedMs = System.currentTimeMillis();
            control.start(new ControlContext(config.node().name(), startedMs, appliance.engine, appliance.workers,
                config.elastic().rateWindowNs(), shutdown != null ? shutdown : appliance::close,
                config.schemas().dir(), appliance.webRtc != null ? appliance.webRtc::packetPaths : List::of));
            if (metrics != null) {
                final CountersFile counters = appliance.countersFile;
                metrics.start(new CountersExposition(counters.manager(), config.node().name(), counters::heartbeatMs,
                    System::currentTimeMillis));
            }
            if (signaling != null) {
                final Engine engine = appliance.engine;
                final long maxTtlSeconds = config.tokens().maxTtlNs() / 1_000_000_000L;
                signaling.start(new SignalingContext()
                    .tokens(new SessionTokens(config.tokens().key().orElseThrow(), config.tokens().keyId(), maxTtlSeconds))
                    .schemas(engine::schemas)
                    .draining(() -> !engine.isAdmitting())
                    .counters(engine.counters())
                    .broker(appliance.webRtc != null ? appliance.webRtc : new TransportNotEnabledBroker()));
            }
            return appliance;
        } catch (final RuntimeException | Error ex) {
            if (appliance != null) {
                appliance.close(); // closes control and the HTTP ports too
            } else {
                control.close();
                if (metrics != null) {
                    metrics.close();
                }
                if (signaling != null) {
                    signaling.close();
                }
            }
            throw ex;
        }
    }

    private static Appliance startEngine(final DeltadConfig config, final ControlServer control,
        final MetricsServer metrics, final SignalingServer signaling) {
        final SchemaRegistry schemas = SchemaRegistry.load(config.schemas().dir());
        final ChunkStore store = openStore(config);
        final CountersFile countersFile = CountersFile.create(config.counters().file());
        countersFile.heartbeat(System.currentTimeMillis());
        final LimitsConfig limits = config.limits();
        final Tunables tunables = new Tunables(
            config.elastic().promotionThresholdPerSec(), config.elastic().demotionThresholdPerSec(),
            config.elastic().idleTimeoutNs(), limits.sessionRatePerSec(), limits.sessionBurst(),
            limits.onRateLimit() == io.deltad.config.RateLimitAction.CLOSE);
        final CoreMapConfig cores = config.cores();
        final WebRtcTransport webRtc = config.webrtc().enabled() ? newWebRtcTransport(config, countersFile) : null;
        final Engine engine = new Engine(new EngineContext()
            .transport(webRtc)
            .ioAgents(cores.ioCpus().length)
            .coreDocAgents(cores.docCpus().length)
            .elasticDocAgents(config.elastic().maxElastic())
            .store(store)
            .retentionNs(config.retention().timeNs())
            .maxDeltasPerDoc(config.retention().maxDeltasPerDoc())
            .rateWindowNs(config.elastic().rateWindowNs())
            .tunables(tunables)
            .ioToDocRingBytes(config.rings().ioToDocBytes())
            .docToIoRingBytes(config.rings().docToIoBytes())
            .commandRingBytes(config.rings().commandBytes())
            .maxSessions(limits.maxSessions())
            .schemas(schemas)
            .countersManager(countersFile.manager()));
        if (webRtc != null) {
            webRtc.engine(engine);
            LOG.info("webrtc: UDP on {} (one port per io agent), candidates {}", webRtc.localAddresses(),
                webRtc.candidateAddresses());
        }
        final List<AgentAssignment> assignments = new ArrayList<>();
        final List<ControlContext.Worker> workers = new ArrayList<>();
        final IoAgent[] io = engine.ioAgents();
        for (int i = 0; i < io.length; i++) {
            assignments.add(new AgentAssignment(cores.ioCpus()[i], io[i], io[i].roleName()));
            workers.add(new ControlContext.Worker(io[i].roleName(), "io", cores.ioCpus()[i], io[i]::queuedBytes));
        }
        final DocAgent[] docs = engine.docAgents();
        for (final DocAgent doc : docs) {
            final int cpu = doc.isElastic()
                ? cores.elasticCpu(doc.index() - cores.docCpus().length)
                : cores.docCpus()[doc.index()];
            assignments.add(new AgentAssignment(cpu, doc, doc.roleName()));
            workers.add(new ControlContext.Worker(doc.roleName(), doc.isElastic() ? "elastic" : "doc", cpu, doc::queuedBytes));
        }
        assignments.add(new AgentAssignment(cores.conductorCpu(), engine.conductor(), "conductor"));
        workers.add(new ControlContext.Worker("conductor", "conductor", cores.conductorCpu(), engine.conductor()::queuedBytes));
        final AgentThreads threads = AgentThreads.start(assignments, cores.idle(), new DistinctErrorLog());
        LOG.info("{}", config); // the effective config, defaults included, one line per section
        LOG.info("started: {} schema type(s) from {}, store {} MiB in {} chunks, counters at {}",
            schemas.types().size(), config.schemas().dir(), store.segment().byteSize() >> 20, store.chunkCount(),
            countersFile.path());
        return new Appliance(config, store, countersFile, engine, threads, control, metrics, signaling, webRtc, workers);
    }

    /** The WebRTC transport: a DTLS certificate for this run, one UDP socket per IoAgent (bound when the engine is built). */
    private static WebRtcTransport newWebRtcTransport(final DeltadConfig config, final CountersFile countersFile) {
        final WebRtcConfig webrtc = config.webrtc();
        final WebRtcSettings settings = WebRtcSettings.from(webrtc, DtlsCertificate.generate());
        if (config.io().mode() == IoConfig.Mode.DPDK) { // DESIGN §7: the same sessions over a DPDK port's queues
            final DpdkPacketPath dpdk = DpdkPacketPath.start(config.dpdk(), webrtc.burst(), countersFile.manager());
            return new WebRtcTransport(settings, SystemNanoClock.INSTANCE, dpdk::open,
                config.dpdk().candidateAddresses(webrtc));
        }
        return new WebRtcTransport(settings, SystemNanoClock.INSTANCE,
            WebRtcTransport.udp(webrtc.address(), webrtc.port(), webrtc.burst(), webrtc.socketBufferBytes(),
                webrtc.gso(), webrtc.testEgressLoss(), webrtc.testLossSeed()),
            webrtc.candidateAddresses());
    }

    /** The UDP address of each IoAgent's WebRTC socket, empty when {@code [webrtc]} is off. */
    public List<InetSocketAddress> webRtcAddresses() {
        return webRtc == null ? List.of() : webRtc.localAddresses();
    }

    private static ChunkStore openStore(final DeltadConfig config) {
        final int chunkSize = (int) config.store().chunkSizeBytes();
        final long size = config.store().sizeBytes();
        try {
            return switch (config.store().backing()) {
                case ANONYMOUS -> ChunkStore.anonymous(size, chunkSize);
                case FILE, HUGETLBFS -> ChunkStore.mapped(
                    config.store().path().orElseThrow().resolve(config.node().name() + ".chunks"), size, chunkSize);
            };
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot map the chunk store: " + ex.getMessage(), ex);
        }
    }

    public DeltadConfig config() { return config; }
    public Engine engine() { return engine; }
    public CountersFile countersFile() { return countersFile; }
    /** @return the control socket server ({@code control.socket}). */
    public ControlServer control() { return control; }

    /**
     * @return the address the metrics port is bound to (the actual port when {@code metrics.listen} asked for 0),
     *         or empty when metrics are disabled.
     */
    public Optional<InetSocketAddress> metricsAddress() {
        return metrics == null ? Optional.empty() : Optional.of(metrics.address());
    }

    /**
     * @return the address the signaling endpoint is bound to (the actual port when {@code signaling.listen} asked for
     *         0), or empty when signaling is disabled.
     */
    public Optional<InetSocketAddress> signalingAddress() {
        return signaling == null ? Optional.empty() : Optional.of(signaling.address());
    }

    /**
     * Plugs the WebRTC session layer into signaling: offers go to {@code broker} from now on. Without signaling
     * (no {@code signaling.listen}) there are no offers, and this does nothing.
     */
    public void sessionBroker(final SessionBroker broker) {
        if (signaling != null) {
            signaling.broker(broker);
        }
    }

    /** Called about once a second by the main thread: lets tools tell a live appliance from a wedged one. */
    public void heartbeat() {
        countersFile.heartbeat(System.currentTimeMillis());
        engine.counters().errors().setRelease(threads.errorLog().count());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        control.close(); // first: no operator command may reach agents that are stopping
        if (signaling != null) {
            signaling.close(); // no new session may reach agents that are stopping
        }
        if (metrics != null) {
            metrics.close(); // before the counters file is unmapped: a scrape reads its memory
        }
        threads.close();
        engine.close();
        store.close();
        countersFile.delete();
        LOG.info("stopped");
    }
}
