package io.deltad.app;

import io.deltad.agent.AgentAssignment;
import io.deltad.agent.AgentThreads;
import io.deltad.agent.DistinctErrorLog;
import io.deltad.conductor.Tunables;
import io.deltad.config.CoreMapConfig;
import io.deltad.config.DeltadConfig;
import io.deltad.config.LimitsConfig;
import io.deltad.counters.CountersFile;
import io.deltad.doc.DocAgent;
import io.deltad.io.IoAgent;
import io.deltad.schema.SchemaRegistry;
import io.deltad.store.ChunkStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The appliance as an operator runs it: config in, store and counters file created, engine wired, agents on
 * threads per the core map. {@link #close()} stops the agents, then releases memory and the counters file.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);

    private final DeltadConfig config;
    private final ChunkStore store;
    private final CountersFile countersFile;
    private final Engine engine;
    private final AgentThreads threads;
    private boolean closed;

    private Appliance(final DeltadConfig config, final ChunkStore store, final CountersFile countersFile,
        final Engine engine, final AgentThreads threads) {
        this.config = config;
        this.store = store;
        this.countersFile = countersFile;
        this.engine = engine;
        this.threads = threads;
    }

    /** Starts an appliance from a validated config. */
    public static Appliance start(final DeltadConfig config) {
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
        final Engine engine = new Engine(new EngineContext()
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
            .schemas(schemas)
            .countersManager(countersFile.manager()));
        final List<AgentAssignment> assignments = new ArrayList<>();
        final IoAgent[] io = engine.ioAgents();
        for (int i = 0; i < io.length; i++) {
            assignments.add(new AgentAssignment(cores.ioCpus()[i], io[i], io[i].roleName()));
        }
        final DocAgent[] docs = engine.docAgents();
        for (final DocAgent doc : docs) {
            final int cpu = doc.isElastic()
                ? cores.elasticCpu(doc.index() - cores.docCpus().length)
                : cores.docCpus()[doc.index()];
            assignments.add(new AgentAssignment(cpu, doc, doc.roleName()));
        }
        assignments.add(new AgentAssignment(cores.conductorCpu(), engine.conductor(), "conductor"));
        final AgentThreads threads = AgentThreads.start(assignments, cores.idle(), new DistinctErrorLog());
        LOG.info("started: {} schema type(s) from {}, store {} MiB in {} chunks, counters at {}",
            schemas.types().size(), config.schemas().dir(), store.segment().byteSize() >> 20, store.chunkCount(),
            countersFile.path());
        return new Appliance(config, store, countersFile, engine, threads);
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
        threads.close();
        engine.close();
        store.close();
        countersFile.delete();
        LOG.info("stopped");
    }
}
