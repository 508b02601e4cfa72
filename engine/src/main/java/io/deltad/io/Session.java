package io.deltad.io;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * A client session (one peer: in-process, or ICE+DTLS+SCTP). Owned by exactly one IoAgent, which handles both
 * directions, so nothing here is shared between threads once the session is attached.
 */
public final class Session {
    private final int id;
    private final String name;
    private final DocPatterns read;
    private final DocPatterns write;
    private final int roleMask;
    private Object transport;
    private final Long2ObjectHashMap<Subscription> subscriptions = new Long2ObjectHashMap<>();

    long lastClientSeq;
    private long rateTokens;
    private long rateRefillNs;
    private boolean closed;
    private int ioAgent = -1;
    private SessionPort port;

    public Session(
        final int id, final String name, final DocPatterns read, final DocPatterns write, final int roleMask) {
        this.id = id;
        this.name = name;
        this.read = read;
        this.write = write;
        this.roleMask = roleMask;
    }

    public int id() { return id; }
    public String name() { return name; }
    public int roleMask() { return roleMask; }
    /** The transport's handle for this session (opaque to the engine). */
    public Object transport() { return transport; }

    /** Set once, before the session is attached. */
    public void transport(final Object transport) { this.transport = transport; }
    public boolean canRead(final long docId) { return read.matches(docId); }
    public boolean canWrite(final long docId) { return write.matches(docId); }
    public Long2ObjectHashMap<Subscription> subscriptions() { return subscriptions; }
    public boolean isClosed() { return closed; }
    public long lastClientSeq() { return lastClientSeq; }

    /** Index of the IoAgent that owns this session. */
    public int ioAgent() { return ioAgent; }

    /** Set once, before the session is attached. */
    public void ioAgent(final int index) { ioAgent = index; }

    /** The transport that carries this session's messages. */
    public SessionPort port() { return port; }

    /** Set once, before the session is attached. */
    public void port(final SessionPort port) { this.port = port; }

    void markClosed() {
        closed = true;
    }

    /**
     * Token bucket: true if one more delta fits the session's rate at {@code nowNs}. A rate of 0 means unlimited.
     */
    boolean tryAcquireRate(final long nowNs, final long ratePerSec, final long burst) {
        if (ratePerSec <= 0) {
            return true;
        }
        if (rateRefillNs == 0) {
            rateRefillNs = nowNs;
            rateTokens = burst;
        }
        final long elapsedNs = nowNs - rateRefillNs;
        final long refill = elapsedNs * ratePerSec / 1_000_000_000L;
        if (refill > 0) {
            rateTokens = Math.min(burst, rateTokens + refill);
            rateRefillNs += refill * 1_000_000_000L / ratePerSec;
        }
        if (rateTokens > 0) {
            rateTokens--;
            return true;
        }
        return false;
    }
}
