package io.deltad.app;

import io.deltad.conductor.Conductor;
import io.deltad.conductor.ConductorCounters;
import io.deltad.counters.DeltadCounters;
import io.deltad.doc.DocAgent;
import io.deltad.doc.DocAgentCounters;
import io.deltad.doc.DocumentDirectory;
import io.deltad.io.DocPatterns;
import io.deltad.io.IoAgent;
import io.deltad.io.IoAgentCounters;
import io.deltad.io.Session;
import io.deltad.io.SessionSpec;
import io.deltad.io.local.LocalClient;
import io.deltad.io.SessionPort;
import io.deltad.io.local.LocalPort;
import io.deltad.ring.Ring;
import io.deltad.ring.RingSender;
import io.deltad.schema.SchemaRegistry;
import io.deltad.store.ReaderEpochs;
import org.agrona.concurrent.Agent;
import org.slf4j.LoggerFactory;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-memory engine wired together: IoAgents (with in-process session ports), core and elastic DocAgents, the
 * Conductor, and the rings between them. It starts no threads: {@code AgentThreads} runs the agents per the core
 * map, or a test calls {@link #doWorkAll()} on its own thread with a clock it controls.
 */
public final class Engine implements AutoCloseable {
    private final EngineContext ctx;
    private final DeltadCounters counters;
    private final DocumentDirectory directory;
    private final AtomicReference<SchemaRegistry> schemas;
    private final IoAgent[] ioAgents;
    private final LocalPort[] localPorts;
    private final DocAgent[] docAgents;
    private final Conductor conductor;
    private final AtomicInteger nextSessionId = new AtomicInteger(1);
    private final AtomicInteger nextIo = new AtomicInteger();
    private final java.util.concurrent.ConcurrentHashMap<Integer, Session> localSessions = new java.util.concurrent.ConcurrentHashMap<>();
    /** Cleared by {@link #drain()} (control thread); read by whoever opens sessions. */
    private volatile boolean admitting = true;
    private final RejectionLog rejections = new RejectionLog(LoggerFactory.getLogger(Engine.class), 1_000_000_000L);

    public Engine(final EngineContext context) {
        this.ctx = context.conclude();
        this.counters = new DeltadCounters(ctx.countersManager());
        this.schemas = new AtomicReference<>(ctx.schemas());
        final int q = ctx.ioAgents();
        final int core = ctx.coreDocAgents();
        final int docCount = core + ctx.elasticDocAgents();
        this.directory = new DocumentDirectory(ctx.maxDocuments(), ctx.initialDeltasPerDoc(), ctx.maxDeltasPerDoc());
        final ReaderEpochs epochs = new ReaderEpochs(q);

        final String[] ioNames = new String[q];
        for (int i = 0; i < q; i++) {
            ioNames[i] = "io-" + i;
        }
        final String[] docNames = new String[docCount];
        for (int d = 0; d < docCount; d++) {
            docNames[d] = d < core ? "doc-" + d : "elastic-" + (d - core);
        }

        final Ring[][] ioToDoc = new Ring[q][docCount];
        final Ring[][] docToIo = new Ring[docCount][q];
        for (int i = 0; i < q; i++) {
            for (int d = 0; d < docCount; d++) {
                ioToDoc[i][d] = Ring.oneToOne(ioNames[i] + "->" + docNames[d], ctx.ioToDocRingBytes());
                docToIo[d][i] = Ring.oneToOne(docNames[d] + "->" + ioNames[i], ctx.docToIoRingBytes());
            }
        }
        final Ring[] commandRings = new Ring[docCount];
        for (int d = 0; d < docCount; d++) {
            commandRings[d] = Ring.manyToOne(docNames[d] + ".commands", ctx.commandRingBytes());
        }
        final Ring conductorRing = Ring.manyToOne("conductor", ctx.commandRingBytes());

        final AtomicCounter[] rejected = counters.newRejectedByCode();
        final AtomicCounter conductorRingFull = counters.newRingFull("doc-*", "conductor");

        this.docAgents = new DocAgent[docCount];
        for (int d = 0; d < docCount; d++) {
            final Ring[] fromIo = new Ring[q];
            final RingSender[] toIo = new RingSender[q];
            for (int i = 0; i < q; i++) {
                fromIo[i] = ioToDoc[i][d];
                toIo[i] = new RingSender(docToIo[d][i], counters.newRingFull(docNames[d], ioNames[i]));
            }
            final RingSender[] toAgents = new RingSender[docCount];
            for (int other = 0; other < docCount; other++) {
                if (other != d) {
                    toAgents[other] = new RingSender(commandRings[other], counters.newRingFull(docNames[d], docNames[other] + ".commands"));
                }
            }
            docAgents[d] = new DocAgent(
                docNames[d], d, d >= core, ctx.store(), directory, schemas::get, ctx.tunables(), ctx.clock(),
                ctx.retentionNs(), ctx.rateWindowNs(),
                new DocAgentCounters(counters.newAgentWork(docNames[d]), counters.deltasAccepted(), rejected,
                    counters.documents(), counters.subscribers(), counters.storeFull()),
                fromIo, toIo, commandRings[d], toAgents, new RingSender(conductorRing, conductorRingFull));
        }

        this.ioAgents = new IoAgent[q];
        this.localPorts = new LocalPort[q];
        for (int i = 0; i < q; i++) {
            final Ring[] fromDocs = new Ring[docCount];
            final RingSender[] toDocs = new RingSender[docCount];
            for (int d = 0; d < docCount; d++) {
                fromDocs[d] = docToIo[d][i];
                toDocs[d] = new RingSender(ioToDoc[i][d], counters.newRingFull(ioNames[i], docNames[d]));
            }
            localPorts[i] = new LocalPort();
            ioAgents[i] = new IoAgent(
                ioNames[i], i, ctx.store(), directory, ctx.tunables(), ctx.clock(),
                new IoAgentCounters(counters.newAgentWork(ioNames[i]), counters.deltasIngested(),
                    counters.deltasDelivered(), rejected, counters.newSubscriberLagMax(ioNames[i]), counters.resyncs(),
                    counters.sessions(), counters.sessionsOverloaded(), counters.storeFull(),
                    counters.framesMalformed()),
                epochs, i, core, ctx.transport() == null ? new SessionPort[] {localPorts[i]}
                    : new SessionPort[] {localPorts[i], ctx.transport().newPort(i, counters)},
                fromDocs, toDocs, ctx.maxInFlightPerIo());
            if (ctx.transport() != null) {
                ctx.transport().bind(i, ioAgents[i]);
            }
        }

        final RingSender[] conductorToAgents = new RingSender[docCount];
        for (int d = 0; d < docCount; d++) {
            conductorToAgents[d] = new RingSender(commandRings[d], counters.newRingFull("conductor", docNames[d] + ".commands"));
        }
        this.conductor = new Conductor(core, ctx.elasticDocAgents(), conductorRing, conductorToAgents, ctx.store(),
            epochs, ctx.tunables(),
            ctx.clock(),
            new ConductorCounters(counters.newAgentWork("conductor"), counters.promotions(), counters.demotions(),
                counters.elasticActive(), counters.chunksFree(), counters.chunksReclaimed()));
    }

    public EngineContext context() { return ctx; }
    public DeltadCounters counters() { return counters; }
    public DocumentDirectory directory() { return directory; }
    public Conductor conductor() { return conductor; }
    public IoAgent[] ioAgents() { return ioAgents.clone(); }
    public DocAgent[] docAgents() { return docAgents.clone(); }
    public SchemaRegistry schemas() { return schemas.get(); }

    /** Replaces the schemas; documents created from now on use the new ones. */
    public void schemas(final SchemaRegistry registry) {
        schemas.set(registry);
    }

    /** Every agent, for a runner to place on threads per the core map. */
    public List<Agent> agents() {
        final List<Agent> all = new ArrayList<>();
        all.addAll(List.of(ioAgents));
        all.addAll(List.of(docAgents));
        all.add(conductor);
        return all;
    }

    /** One duty cycle of every agent on the calling thread (tests with a controlled clock). Returns work done. */
    public int doWorkAll() {
        int work = 0;
        try {
            for (final Agent agent : ioAgents) {
                work += agent.doWork();
            }
            for (final Agent agent : docAgents) {
                work += agent.doWork();
            }
            work += conductor.doWork();
        } catch (final Exception ex) {
            throw new IllegalStateException(ex);
        }
        return work;
    }

    /**
     * Opens an in-process session with the given permissions on the next IoAgent (round robin). The session is
     * attached at that agent's next duty cycle; the client may send at once.
     *
     * @throws IllegalStateException after {@link #drain()}, or when the IoAgent's command queue is full.
     */
    public LocalClient connect(final SessionSpec spec) {
        final Session session = admit(spec);
        final LocalClient client = LocalPort.newClient(session.id(), ctx.sessionInboundBytes(), ctx.sessionOutboundBytes());
        session.transport(client);
        final LocalPort port = localPorts[session.ioAgent()];
        session.port(port);
        localSessions.put(session.id(), session);
        if (!attach(session, agent -> port.attach(session))) {
            localSessions.remove(session.id());
            throw new IllegalStateException("io agent " + session.ioAgent() + " command queue full");
        }
        return client;
    }

    /**
     * Admission for every transport: refuses while draining or at {@code limits.max_sessions} (counted and logged),
     * otherwise returns a new session with the spec's permissions and an IoAgent (round robin). The caller gives it
     * its transport and port, then {@link #attach}es it. Any thread.
     *
     * @throws IllegalStateException with the reason when refused
     */
    public Session admit(final SessionSpec spec) {
        if (!admitting) {
            throw refused("draining", "draining: not admitting new sessions");
        }
        if (counters.sessions().get() >= ctx.maxSessions()) {
            // The gauge counts attached sessions; connects racing with it may overshoot by the attaches in flight.
            throw refused("session limit", "session limit reached (limits.max_sessions = " + ctx.maxSessions() + ")");
        }
        final SchemaRegistry registry = schemas.get();
        final Session session = new Session(nextSessionId.getAndIncrement(), spec.name(),
            DocPatterns.compile(spec.read(), registry), DocPatterns.compile(spec.write(), registry),
            registry.roleMask(spec.roles()));
        session.ioAgent(Math.floorMod(nextIo.getAndIncrement(), ioAgents.length));
        return session;
    }

    /**
     * Attaches an admitted session at its IoAgent's next duty cycle, then runs {@code transportAttach} there (the
     * transport starts serving it). False when the agent's command queue is full.
     */
    public boolean attach(final Session session, final java.util.function.Consumer<IoAgent> transportAttach) {
        return ioAgents[session.ioAgent()].execute(agent -> {
            agent.attach(session);
            transportAttach.accept(agent);
        });
    }

    /** Ends a session of any transport at its IoAgent's next duty cycle. */
    public boolean detach(final Session session) {
        return ioAgents[session.ioAgent()].execute(agent -> agent.detach(session));
    }

    private IllegalStateException refused(final String reason, final String message) {
        counters.sessionsRejected().getAndAdd(1);
        rejections.record(reason, message);
        return new IllegalStateException(message);
    }

    /**
     * Stops admitting new sessions ({@code deltactl drain}): {@link #connect} refuses from now on, sessions already
     * open carry on. There is no undo short of a restart, which is what a drain precedes.
     */
    public void drain() {
        admitting = false;
    }

    /** @return false once {@link #drain()} was called. */
    public boolean isAdmitting() {
        return admitting;
    }

    /** Ends an in-process session (its subscriptions, then the session) at its IoAgent's next duty cycle. */
    public boolean disconnect(final LocalClient client) {
        final Session session = localSessions.remove(client.sessionId());
        return session != null && detach(session);
    }

    /**
     * Forgets an in-process session that its IoAgent ended by itself or on an operator's {@code kick}, so a later
     * {@link #disconnect} of its client does nothing.
     */
    public void forget(final int sessionId) {
        localSessions.remove(sessionId);
    }

    @Override
    public void close() {
        for (final Agent agent : agents()) {
            agent.onClose();
        }
    }
}
