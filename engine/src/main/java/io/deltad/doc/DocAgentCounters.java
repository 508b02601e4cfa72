package io.deltad.doc;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters one DocAgent writes (it is their only writer).
 *
 * @param work            work items done (messages processed)
 * @param accepted        deltas accepted into streams (shared by all DocAgents: updated with an atomic add per batch)
 * @param rejectedByCode  deltas rejected, indexed by {@code NackCode} (shared, atomic add)
 * @param documents       documents created (shared, atomic add)
 * @param subscribers     subscriptions opened minus closed (shared, atomic add)
 * @param storeFull       records that could not be written because the chunk store was full (shared)
 */
public record DocAgentCounters(
    AtomicCounter work,
    AtomicCounter accepted,
    AtomicCounter[] rejectedByCode,
    AtomicCounter documents,
    AtomicCounter subscribers,
    AtomicCounter storeFull) {
}
