package io.deltad.io;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * Counters one IoAgent writes. Per-agent ones have this agent as their only writer; shared ones are updated with
 * one atomic add per duty cycle.
 *
 * @param work            work items done (per agent)
 * @param ingested        client deltas written to the store and handed to a DocAgent (shared)
 * @param delivered       deltas sent to subscribers (shared)
 * @param rejectedByCode  frames refused at the io side, by NackCode (shared)
 * @param lagMax          largest subscriber lag seen in the last cycle with deliveries, in deltas (per agent)
 * @param resyncs         subscribers that fell past retention and were resynchronised (shared)
 * @param sessions        open sessions (shared)
 * @param sessionsClosedOverloaded sessions closed because they could not take their control frames (shared)
 * @param storeFull       deltas refused because the chunk store had no free chunk (shared)
 * @param framesMalformed frames that failed the structural check (shared)
 */
public record IoAgentCounters(
    AtomicCounter work,
    AtomicCounter ingested,
    AtomicCounter delivered,
    AtomicCounter[] rejectedByCode,
    AtomicCounter lagMax,
    AtomicCounter resyncs,
    AtomicCounter sessions,
    AtomicCounter sessionsClosedOverloaded,
    AtomicCounter storeFull,
    AtomicCounter framesMalformed) {
}
