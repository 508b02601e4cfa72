package io.deltad.conductor;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * Counters the Conductor writes (their only writer).
 *
 * @param work           work items done
 * @param promotions     documents moved to an elastic DocAgent
 * @param demotions      documents moved back to their core DocAgent
 * @param elasticActive  elastic DocAgents holding a document now
 * @param chunksFree     free chunks in the store after the last reclaim pass
 * @param chunksReclaimed chunks returned to the free list so far
 */
public record ConductorCounters(
    AtomicCounter work,
    AtomicCounter promotions,
    AtomicCounter demotions,
    AtomicCounter elasticActive,
    AtomicCounter chunksFree,
    AtomicCounter chunksReclaimed) {
}
