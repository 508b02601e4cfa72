package io.deltad.io;

import java.lang.foreign.MemorySegment;

/**
 * The seam between an IoAgent's session layer and what carries the sessions' messages: in-process rings
 * ({@code LocalPort}) or DataChannels over DTLS/SCTP over UDP or DPDK. Called only from the owning IoAgent's
 * thread. Messages are DataChannel-message sized: one or more frames back to back.
 */
public interface SessionPort {
    /** Receives up to {@code limit} inbound messages, handing each to {@code handler}; returns how many. */
    int poll(InboundHandler handler, int limit);

    /**
     * Queues one frame for the session, reading it from {@code segment} now (the caller's memory is reused after
     * this returns). Returns false when the session's send buffer is full: the caller keeps its place and retries.
     */
    boolean send(Session session, MemorySegment segment, long offset, int length);

    /** Pushes queued output towards the peers; called once per duty cycle. Returns work done. */
    int flush();

    /** Tears down the session's transport (kick, overload, shutdown). */
    void close(Session session);

    /**
     * What carries the session, for operators ({@code deltactl sessions}): {@code "local"}, or the transport and the
     * peer's address, e.g. {@code "webrtc 192.0.2.7:51234"}. Agent thread; allocates (control plane).
     */
    default String describe(final Session session) {
        return "local";
    }

    /** Ends every session and releases the port's resources (sockets); the agent is stopping. Agent thread. */
    default void shutdown() {
    }

    /** Receives one inbound message (one or more frames) from a session. */
    @FunctionalInterface
    interface InboundHandler {
        void onMessage(Session session, MemorySegment segment, long offset, int length);
    }
}
