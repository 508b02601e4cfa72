package io.deltad.counters;

import io.deltad.wire.NackCode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The appliance's counter set over a {@link CountersManager} (normally {@link CountersFile#manager()}).
 * Global counters are allocated once by the constructor; per-agent, per-ring and per-code ones by the
 * {@code new*} factories when the agent or ring is built. All allocation happens at start-up (or when an elastic
 * agent starts) on one thread at a time; {@link AtomicCounter#close()} frees a counter whose agent went away.
 *
 * <h2>Who writes what, and how</h2>
 * Each accessor names its writer. Two update disciplines, never mixed on one counter:
 * <ul>
 *   <li><b>single writer</b> (one thread owns the counter): {@code getAndAddRelease(n)} / {@code incrementRelease()}
 *       / {@code setRelease(v)}: a plain store with release ordering, no locked instruction.</li>
 *   <li><b>shared</b> (written by every agent of a role, e.g. all IoAgents): {@code getAndAdd(n)}, an atomic add,
 *       once per batch, never once per delta; gauges use {@code getAndAdd(+1 / -1)}. A {@code *Release} update
 *       here would lose increments.</li>
 * </ul>
 * Readers (other processes) use acquire loads through {@link CountersFileReader}.
 *
 * <h2>Keys</h2>
 * Per-agent counters ({@link CounterType#AGENT_WORK}, {@link CounterType#AGENT_DUTY_CYCLES},
 * {@link CounterType#SUBSCRIBER_LAG_MAX}) carry the agent name in their key as an i32 length followed by ASCII
 * (Agrona {@code putStringAscii}); {@link CounterType#RING_FULL} carries the producer's name then the consumer's in
 * the same form; {@link CounterType#DELTAS_REJECTED} an i32 {@link NackCode}; {@link CounterType#SIGNALING_OFFERS_REFUSED}
 * an i32 HTTP status ({@link #OTHER_STATUS} for the rest). Tools group by type id and key.
 *
 * <p>Threading: construct and call the factories from one thread at a time (start-up); the returned counters are
 * then written as documented and may be read from anywhere.
 */
public final class DeltadCounters {
    /** Key of the {@link CounterType#SIGNALING_OFFERS_REFUSED} counter for statuses without a counter of their own. */
    public static final int OTHER_STATUS = 0;
    /** Longest agent name: it must fit the key with its length prefix. */
    public static final int MAX_AGENT_NAME_LENGTH = CountersReader.MAX_KEY_LENGTH - Integer.BYTES;

    private final CountersManager manager;
    private final AtomicCounter deltasIngested;
    private final AtomicCounter deltasAccepted;
    private final AtomicCounter deltasDelivered;
    private final AtomicCounter promotions;
    private final AtomicCounter demotions;
    private final AtomicCounter elasticActive;
    private final AtomicCounter subscribers;
    private final AtomicCounter resyncs;
    private final AtomicCounter sessions;
    private final AtomicCounter framesMalformed;
    private final AtomicCounter chunksFree;
    private final AtomicCounter chunksReclaimed;
    private final AtomicCounter storeFull;
    private final AtomicCounter documents;
    private final AtomicCounter errors;
    private final AtomicCounter sessionsOverloaded;
    private final AtomicCounter sessionsRejected;
    private boolean rejectedAllocated;

    /** Allocates the global counters in {@code manager}. */
    public DeltadCounters(final CountersManager manager) {
        this.manager = manager;
        deltasIngested = global(CounterType.DELTAS_INGESTED);
        deltasAccepted = global(CounterType.DELTAS_ACCEPTED);
        deltasDelivered = global(CounterType.DELTAS_DELIVERED);
        promotions = global(CounterType.PROMOTIONS);
        demotions = global(CounterType.DEMOTIONS);
        elasticActive = global(CounterType.ELASTIC_ACTIVE);
        subscribers = global(CounterType.SUBSCRIBERS);
        resyncs = global(CounterType.RESYNCS);
        sessions = global(CounterType.SESSIONS);
        framesMalformed = global(CounterType.FRAMES_MALFORMED);
        chunksFree = global(CounterType.CHUNKS_FREE);
        chunksReclaimed = global(CounterType.CHUNKS_RECLAIMED);
        storeFull = global(CounterType.STORE_FULL);
        documents = global(CounterType.DOCUMENTS);
        errors = global(CounterType.ERRORS);
        sessionsOverloaded = global(CounterType.SESSIONS_OVERLOADED);
        sessionsRejected = global(CounterType.SESSIONS_REJECTED);
    }

    /** Written by whoever admits sessions (atomic add). */
    public AtomicCounter sessionsRejected() {
        return sessionsRejected;
    }

    /** Shared by IoAgents (atomic add). */
    public AtomicCounter sessionsOverloaded() {
        return sessionsOverloaded;
    }

    /** The manager the counters live in. */
    public CountersManager manager() {
        return manager;
    }

    /** Shared: IoAgents, once per rx burst. */
    public AtomicCounter deltasIngested() {
        return deltasIngested;
    }

    /** Shared: DocAgents (core and elastic), once per drained batch. */
    public AtomicCounter deltasAccepted() {
        return deltasAccepted;
    }

    /** Shared: IoAgents, once per tx burst. */
    public AtomicCounter deltasDelivered() {
        return deltasDelivered;
    }

    /** Single writer: Conductor. */
    public AtomicCounter promotions() {
        return promotions;
    }

    /** Single writer: Conductor. */
    public AtomicCounter demotions() {
        return demotions;
    }

    /** Single writer: Conductor, {@code setRelease} when an elastic agent starts or stops. */
    public AtomicCounter elasticActive() {
        return elasticActive;
    }

    /** Shared gauge: DocAgents, {@code getAndAdd(+1 / -1)} on subscribe / unsubscribe. */
    public AtomicCounter subscribers() {
        return subscribers;
    }

    /** Shared: IoAgents, when they send a RESYNC. */
    public AtomicCounter resyncs() {
        return resyncs;
    }

    /** Shared gauge: IoAgents (which own sessions), {@code getAndAdd(+1 / -1)} when one is established / closed. */
    public AtomicCounter sessions() {
        return sessions;
    }

    /** Shared: IoAgents, once per rx burst. */
    public AtomicCounter framesMalformed() {
        return framesMalformed;
    }

    /** Shared gauge: IoAgents take chunks, the reclaimer returns them. */
    public AtomicCounter chunksFree() {
        return chunksFree;
    }

    /** Shared: every thread that recycles chunks (the retention sweep). */
    public AtomicCounter chunksReclaimed() {
        return chunksReclaimed;
    }

    /** Shared: IoAgents, when an append finds no free chunk. */
    public AtomicCounter storeFull() {
        return storeFull;
    }

    /** Shared gauge: DocAgents, as documents are created, handed over or dropped. */
    public AtomicCounter documents() {
        return documents;
    }

    /** Shared: any thread's error handler, once per error. */
    public AtomicCounter errors() {
        return errors;
    }

    /** Single writer: the agent's runner thread, once per duty cycle. Label {@code "agent work: <agentName>"}. */
    public AtomicCounter newAgentWork(final String agentName) {
        return perAgent(CounterType.AGENT_WORK, agentName);
    }

    /** Single writer: the agent's runner thread. Label {@code "agent duty cycles: <agentName>"}. */
    public AtomicCounter newAgentDutyCycles(final String agentName) {
        return perAgent(CounterType.AGENT_DUTY_CYCLES, agentName);
    }

    /**
     * Single writer: that IoAgent, {@code setRelease} once per duty cycle (or less often) with the largest lag of its
     * subscriber cursors. Label {@code "subscriber lag max: <ioAgentName>"}.
     */
    public AtomicCounter newSubscriberLagMax(final String ioAgentName) {
        return perAgent(CounterType.SUBSCRIBER_LAG_MAX, ioAgentName);
    }

    /**
     * Single writer: the ring's producer (its only writer, SPSC), when an offer fails.
     * Label {@code "ring full: <from>-><to>"}; key: {@code from} then {@code to}, each length-prefixed.
     */
    public AtomicCounter newRingFull(final String from, final String to) {
        checkName(from);
        checkName(to);
        if (2 * Integer.BYTES + from.length() + to.length() > CountersReader.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("ring names too long for a counter key: " + from + "->" + to);
        }
        return manager.newCounter(
            CounterType.RING_FULL.label() + ": " + from + "->" + to,
            CounterType.RING_FULL.id(),
            (keyBuffer) -> {
                final int toOffset = keyBuffer.putStringAscii(0, from);
                keyBuffer.putStringAscii(toOffset, to);
            });
    }

    /**
     * Allocates one {@link CounterType#DELTAS_REJECTED} counter per {@link NackCode}, labelled
     * {@code "deltas rejected: <NackCode.name(code)>"}. Index = code; the {@link NackCode#NONE} slot is {@code null}
     * because nothing is refused with it. Call once and share the array: it is written by IoAgents (structural codes,
     * DUPLICATE, RATE_LIMITED, BUSY) and DocAgents (schema and ACL codes), so it is shared: {@code getAndAdd}.
     *
     * @throws IllegalStateException on a second call, which would allocate duplicate labels.
     */
    public AtomicCounter[] newRejectedByCode() {
        if (rejectedAllocated) {
            throw new IllegalStateException("per-code rejection counters already allocated");
        }
        rejectedAllocated = true;
        final AtomicCounter[] byCode = new AtomicCounter[NackCode.COUNT];
        for (int code = NackCode.NONE + 1; code < NackCode.COUNT; code++) {
            final int keyCode = code;
            byCode[code] = manager.newCounter(
                CounterType.DELTAS_REJECTED.label() + ": " + NackCode.name(code),
                CounterType.DELTAS_REJECTED.id(),
                (keyBuffer) -> keyBuffer.putInt(0, keyCode));
        }
        return byCode;
    }

    /**
     * Shared: the signaling endpoint's request threads (atomic add), once per offer answered 201.
     * Call once: a second call would allocate a second counter with the same label.
     */
    public AtomicCounter newSignalingOffersAccepted() {
        return global(CounterType.SIGNALING_OFFERS_ACCEPTED);
    }

    /** Shared: the signaling endpoint's request threads (atomic add), once per 429. Call once. */
    public AtomicCounter newSignalingRateLimited() {
        return global(CounterType.SIGNALING_RATE_LIMITED);
    }

    /**
     * Shared: the signaling endpoint's request threads (atomic add), once per offer refused with {@code httpStatus}.
     * Label {@code "signaling offers refused: <status>"}, or {@code "...: other"} for {@link #OTHER_STATUS}; key: the
     * status as an i32. Call once per status.
     */
    public AtomicCounter newSignalingOffersRefused(final int httpStatus) {
        if (httpStatus != OTHER_STATUS && (httpStatus < 100 || httpStatus > 599)) {
            throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
        }
        return manager.newCounter(
            CounterType.SIGNALING_OFFERS_REFUSED.label() + ": " + statusName(httpStatus),
            CounterType.SIGNALING_OFFERS_REFUSED.id(),
            (keyBuffer) -> keyBuffer.putInt(0, httpStatus));
    }

    /** Name of a status in the key of a {@link CounterType#SIGNALING_OFFERS_REFUSED} counter: {@code "403"}, {@code "other"}. */
    public static String statusName(final int httpStatus) {
        return httpStatus == OTHER_STATUS ? "other" : Integer.toString(httpStatus);
    }

    /**
     * A counter of {@code type} for one named reason or direction, e.g. {@code newKeyed(WEBRTC_DROPS, "stun malformed")};
     * label {@code "<type label>: <key>"}, key the ASCII name. Allocate each (type, key) once and share it: writers
     * on several threads use {@code getAndAdd} once per batch.
     */
    public AtomicCounter newKeyed(final CounterType type, final String key) {
        checkName(key);
        return manager.newCounter(type.label() + ": " + key, type.id(), (keyBuffer) -> keyBuffer.putStringAscii(0, key));
    }

    /** Agent name from the key of a per-agent counter (or the producer's name of a ring counter). */
    public static String keyAgentName(final DirectBuffer keyBuffer) {
        return keyBuffer.getStringAscii(0);
    }

    private AtomicCounter global(final CounterType type) {
        return manager.newCounter(type.label(), type.id());
    }

    private AtomicCounter perAgent(final CounterType type, final String agentName) {
        checkName(agentName);
        return manager.newCounter(
            type.label() + ": " + agentName, type.id(), (keyBuffer) -> keyBuffer.putStringAscii(0, agentName));
    }

    private static void checkName(final String name) {
        if (name.isEmpty() || name.length() > MAX_AGENT_NAME_LENGTH) {
            throw new IllegalArgumentException(
                "agent name must be 1 to " + MAX_AGENT_NAME_LENGTH + " characters: \"" + name + "\"");
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("agent name must be printable ASCII: \"" + name + "\"");
            }
        }
    }
}
