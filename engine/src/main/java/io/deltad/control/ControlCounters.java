package io.deltad.control;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the control socket refused or dropped, for {@code deltactl status}: each of these is an expected condition
 * (a misbehaving or unauthorised client), so it is counted rather than logged per event.
 *
 * <p>Written by the control thread, read by any thread.
 */
public final class ControlCounters {
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refusedBusy = new AtomicLong();
    private final AtomicLong refusedUid = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong idleClosed = new AtomicLong();

    void accepted() { accepted.incrementAndGet(); }
    void served() { served.incrementAndGet(); }
    void refusedBusy() { refusedBusy.incrementAndGet(); }
    void refusedUid() { refusedUid.incrementAndGet(); }
    void badRequest() { badRequests.incrementAndGet(); }
    void idleClosed() { idleClosed.incrementAndGet(); }

    /** @return connections admitted. */
    public long acceptedCount() { return accepted.get(); }
    /** @return replies written (errors included). */
    public long servedCount() { return served.get(); }
    /** @return connections refused because {@code control.max_connections} were open. */
    public long refusedBusyCount() { return refusedBusy.get(); }
    /** @return connections refused because the peer was another user. */
    public long refusedUidCount() { return refusedUid.get(); }
    /** @return lines refused before parsing: too long, or with NUL bytes. */
    public long badRequestCount() { return badRequests.get(); }
    /** @return connections closed for idleness (a half-sent command among them). */
    public long idleClosedCount() { return idleClosed.get(); }
}
