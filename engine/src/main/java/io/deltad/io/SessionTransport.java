package io.deltad.io;

/**
 * A transport that serves sessions on every IoAgent besides the in-process one: WebRTC DataChannels over kernel UDP
 * (and, on bare metal, over DPDK). The engine asks it for one {@link SessionPort} per IoAgent when it builds the
 * agents, then binds each port to its agent so that sessions that end from below are detached there.
 */
public interface SessionTransport {
    /**
     * The port IoAgent {@code ioIndex} polls and flushes (called once per agent, at engine construction).
     *
     * @param counters the engine's counters, where the transport allocates its own
     */
    SessionPort newPort(int ioIndex, io.deltad.counters.DeltadCounters counters);

    /** IoAgent {@code ioIndex} exists now; sessions its port ends on its own are handed to {@link IoAgent#detach}. */
    void bind(int ioIndex, IoAgent agent);
}
