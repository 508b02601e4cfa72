package io.deltad.app;

import io.deltad.conductor.Tunables;
import io.deltad.schema.SchemaRegistry;
import io.deltad.store.ChunkStore;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.CountersManager;

/**
 * Everything the engine needs, set before it starts and checked by {@link #conclude()} (Aeron's Context idea).
 * {@code DeltadMain} fills it from the TOML config; tests and benchmarks fill it directly.
 */
public final class EngineContext {
    private io.deltad.io.SessionTransport transport;
    private int ioAgents = 1;
    private int coreDocAgents = 1;
    private int elasticDocAgents = 1;
    private ChunkStore store;
    private long retentionNs = 60_000_000_000L;
    private int maxDeltasPerDoc = 65536;
    private int initialDeltasPerDoc = 64;
    private long rateWindowNs = 100_000_000L;
    private Tunables tunables;
    private int ioToDocRingBytes = 4 << 20;
    private int docToIoRingBytes = 4 << 20;
    private int commandRingBytes = 1 << 20;
    private int maxDocuments = 1 << 20;
    private int maxInFlightPerIo = 1 << 16;
    private int maxSessions = 10_000;
    private int sessionInboundBytes = 1 << 20;
    private int sessionOutboundBytes = 4 << 20;
    private SchemaRegistry schemas;
    private CountersManager countersManager;
    private NanoClock clock = SystemNanoClock.INSTANCE;

    public EngineContext ioAgents(final int v) { ioAgents = v; return this; }
    public EngineContext coreDocAgents(final int v) { coreDocAgents = v; return this; }
    public EngineContext elasticDocAgents(final int v) { elasticDocAgents = v; return this; }
    public EngineContext store(final ChunkStore v) { store = v; return this; }
    public EngineContext retentionNs(final long v) { retentionNs = v; return this; }
    public EngineContext maxDeltasPerDoc(final int v) { maxDeltasPerDoc = v; return this; }
    public EngineContext initialDeltasPerDoc(final int v) { initialDeltasPerDoc = v; return this; }
    public EngineContext rateWindowNs(final long v) { rateWindowNs = v; return this; }
    public EngineContext tunables(final Tunables v) { tunables = v; return this; }
    public EngineContext ioToDocRingBytes(final int v) { ioToDocRingBytes = v; return this; }
    public EngineContext docToIoRingBytes(final int v) { docToIoRingBytes = v; return this; }
    public EngineContext commandRingBytes(final int v) { commandRingBytes = v; return this; }
    public EngineContext maxDocuments(final int v) { maxDocuments = v; return this; }
    public EngineContext maxInFlightPerIo(final int v) { maxInFlightPerIo = v; return this; }
    public EngineContext maxSessions(final int v) { maxSessions = v; return this; }
    public EngineContext sessionInboundBytes(final int v) { sessionInboundBytes = v; return this; }
    public EngineContext sessionOutboundBytes(final int v) { sessionOutboundBytes = v; return this; }
    public EngineContext schemas(final SchemaRegistry v) { schemas = v; return this; }
    public EngineContext countersManager(final CountersManager v) { countersManager = v; return this; }
    public EngineContext clock(final NanoClock v) { clock = v; return this; }
    /** A network transport served by every IoAgent besides the in-process one; none by default. */
    public EngineContext transport(final io.deltad.io.SessionTransport v) { transport = v; return this; }
    public io.deltad.io.SessionTransport transport() { return transport; }

    public int ioAgents() { return ioAgents; }
    public int coreDocAgents() { return coreDocAgents; }
    public int elasticDocAgents() { return elasticDocAgents; }
    public ChunkStore store() { return store; }
    public long retentionNs() { return retentionNs; }
    public int maxDeltasPerDoc() { return maxDeltasPerDoc; }
    public int initialDeltasPerDoc() { return initialDeltasPerDoc; }
    public long rateWindowNs() { return rateWindowNs; }
    public Tunables tunables() { return tunables; }
    public int ioToDocRingBytes() { return ioToDocRingBytes; }
    public int docToIoRingBytes() { return docToIoRingBytes; }
    public int commandRingBytes() { return commandRingBytes; }
    public int maxDocuments() { return maxDocuments; }
    public int maxInFlightPerIo() { return maxInFlightPerIo; }
    public int maxSessions() { return maxSessions; }
    public int sessionInboundBytes() { return sessionInboundBytes; }
    public int sessionOutboundBytes() { return sessionOutboundBytes; }
    public SchemaRegistry schemas() { return schemas; }
    public CountersManager countersManager() { return countersManager; }
    public NanoClock clock() { return clock; }

    /** Validates and fills defaults; throws IllegalStateException naming what is wrong. */
    public EngineContext conclude() {
        require(ioAgents >= 1 && ioAgents <= 64, "ioAgents must be 1..64");
        require(coreDocAgents >= 1, "coreDocAgents must be >= 1");
        require(elasticDocAgents >= 0, "elasticDocAgents must be >= 0");
        require(coreDocAgents + elasticDocAgents <= 1024, "at most 1024 DocAgents");
        require(store != null, "store must be set");
        require(schemas != null, "schemas must be set");
        require(countersManager != null, "countersManager must be set");
        require(Integer.bitCount(maxDeltasPerDoc) == 1, "maxDeltasPerDoc must be a power of two");
        require(Integer.bitCount(initialDeltasPerDoc) == 1, "initialDeltasPerDoc must be a power of two");
        require(Integer.bitCount(maxInFlightPerIo) == 1, "maxInFlightPerIo must be a power of two");
        require(retentionNs > 0 && rateWindowNs > 0, "retention and rate window must be > 0");
        if (tunables == null) {
            tunables = new Tunables(100_000, 10_000, 5_000_000_000L, 0, 1000, false);
        }
        return this;
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalStateException("engine context: " + message);
        }
    }
}
