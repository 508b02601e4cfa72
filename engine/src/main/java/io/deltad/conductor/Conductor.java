package io.deltad.conductor;

import io.deltad.ring.Messages;
import io.deltad.ring.Ring;
import io.deltad.ring.RingSender;
import io.deltad.store.ChunkStore;
import io.deltad.store.ReaderEpochs;
import io.deltad.wire.DocIds;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Runs the elastic pool and the store's reclamation. Core DocAgents report documents whose rate passed
 * {@code promotion_threshold}; the Conductor moves such a document to a free elastic DocAgent. Elastic DocAgents
 * report their document's rate every window; one that stays below {@code demotion_threshold} for
 * {@code idle_timeout} goes back to its core DocAgent. A document is never moved again before the previous
 * handoff completed (HANDED_OVER). Every promotion and demotion is counted and logged once.
 *
 * <p>Single thread. Operators' requests (promote/demote by hand) arrive through {@link #execute}.
 */
public final class Conductor implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Conductor.class);
    private static final long NONE = -1;
    private static final long RECLAIM_INTERVAL_NS = 1_000_000L;
    /** Chunks looked at per reclaim step: a 16,384-chunk store is swept every 16 ms in steps of a few microseconds. */
    private static final int RECLAIM_CHUNKS_PER_STEP = 1024;

    private final int coreAgents;
    private final int elasticAgents;
    private final Ring inbox;
    private final RingSender[] toAgents;
    private final ChunkStore store;
    private final ReaderEpochs epochs;
    private final Tunables tunables;
    private final NanoClock clock;
    private final ConductorCounters counters;
    private final ManyToOneConcurrentArrayQueue<Consumer<Conductor>> requests = new ManyToOneConcurrentArrayQueue<>(256);
    private final MessageHandler inboxHandler = this::onMessage;
    private final Consumer<Consumer<Conductor>> requestRunner = r -> r.accept(this);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);

    /** Per elastic agent (index - coreAgents): its document or NONE. */
    private final long[] elasticDoc;
    private final long[] lowSinceNs;
    /** docId -> elastic agent index, for documents on elastic agents. */
    private final Long2LongHashMap elasticOf = new Long2LongHashMap(NONE);
    /** docId -> target agent, while a handoff is in flight. */
    private final Long2LongHashMap inTransit = new Long2LongHashMap(NONE);
    private long nowNs;
    private long nextReclaimNs;

    public Conductor(
        final int coreAgents,
        final int elasticAgents,
        final Ring inbox,
        final RingSender[] toAgents,
        final ChunkStore store,
        final ReaderEpochs epochs,
        final Tunables tunables,
        final NanoClock clock,
        final ConductorCounters counters) {
        this.coreAgents = coreAgents;
        this.elasticAgents = elasticAgents;
        this.inbox = inbox;
        this.toAgents = toAgents;
        this.store = store;
        this.epochs = epochs;
        this.tunables = tunables;
        this.clock = clock;
        this.counters = counters;
        this.elasticDoc = new long[elasticAgents];
        this.lowSinceNs = new long[elasticAgents];
        Arrays.fill(elasticDoc, NONE);
    }

    @Override
    public String roleName() {
        return "conductor";
    }

    /** Runs {@code request} on the Conductor's thread; false if the queue is full. */
    public boolean execute(final Consumer<Conductor> request) {
        return requests.offer(request);
    }

    @Override
    public int doWork() {
        nowNs = clock.nanoTime();
        int work = requests.drain(requestRunner, 16);
        for (final RingSender sender : toAgents) {
            work += sender.flush();
        }
        work += inbox.buffer().read(inboxHandler, 256);
        if (nowNs >= nextReclaimNs) {
            nextReclaimNs = nowNs + RECLAIM_INTERVAL_NS;
            final int freed = store.reclaim(epochs, RECLAIM_CHUNKS_PER_STEP);
            if (freed > 0) {
                counters.chunksReclaimed().getAndAddRelease(freed);
                work += freed;
            }
            counters.chunksFree().setRelease(store.freeChunks());
        }
        if (work > 0) {
            counters.work().getAndAddRelease(work);
        }
        return work;
    }

    /** Index of the DocAgent that owns {@code docId} now (or is receiving it). */
    public int ownerOf(final long docId) {
        final long transit = inTransit.get(docId);
        if (transit != NONE) {
            return (int) transit;
        }
        final long elastic = elasticOf.get(docId);
        return elastic != NONE ? (int) elastic : coreOwner(docId);
    }

    /** True while a handoff of {@code docId} is in flight (between MOVE and HANDED_OVER). */
    public boolean isMoving(final long docId) {
        return inTransit.get(docId) != NONE;
    }

    /** Bytes waiting in the Conductor's inbox; any thread (for tools). */
    public long queuedBytes() {
        return inbox.size();
    }

    public boolean isElastic(final long docId) {
        return elasticOf.get(docId) != NONE;
    }

    public int elasticInUse() {
        return elasticOf.size();
    }

    /**
     * Moves a document to a free elastic DocAgent now, whatever its rate. Returns the agent index, or -1 when
     * none is free, the document is elastic already, or a handoff is in flight.
     */
    public int promote(final long docId) {
        if (elasticOf.get(docId) != NONE || inTransit.get(docId) != NONE) {
            return -1;
        }
        for (int e = 0; e < elasticAgents; e++) {
            if (elasticDoc[e] == NONE) {
                final int target = coreAgents + e;
                elasticDoc[e] = docId;
                lowSinceNs[e] = 0;
                elasticOf.put(docId, target);
                inTransit.put(docId, target);
                move(coreOwner(docId), docId, target);
                return target;
            }
        }
        return -1;
    }

    /** Moves an elastic document back to its core DocAgent now. Returns false if it is not elastic or moving. */
    public boolean demote(final long docId) {
        final long elastic = elasticOf.get(docId);
        if (elastic == NONE || inTransit.get(docId) != NONE) {
            return false;
        }
        final int target = coreOwner(docId);
        inTransit.put(docId, target);
        move((int) elastic, docId, target);
        return true;
    }

    private int coreOwner(final long docId) {
        return DocIds.hash(docId) % coreAgents;
    }

    private void move(final int from, final long docId, final int target) {
        out.putLong(Messages.MOVE_DOC_ID, docId);
        out.putInt(Messages.MOVE_TARGET, target);
        toAgents[from].send(Messages.MOVE, out, 0, Messages.MOVE_LENGTH);
    }

    private void onMessage(final int type, final MutableDirectBuffer buffer, final int offset, final int length) {
        switch (type) {
            case Messages.RATE -> onRate(
                buffer.getLong(offset + Messages.RATE_DOC_ID),
                buffer.getLong(offset + Messages.RATE_PER_SEC),
                buffer.getInt(offset + Messages.RATE_AGENT));
            case Messages.HANDED_OVER -> onHandedOver(
                buffer.getLong(offset + Messages.HANDED_OVER_DOC_ID),
                buffer.getInt(offset + Messages.HANDED_OVER_FROM),
                buffer.getInt(offset + Messages.HANDED_OVER_TO));
            default -> throw new IllegalStateException("conductor: unknown message type " + type);
        }
    }

    private void onRate(final long docId, final long ratePerSec, final int agent) {
        if (agent < coreAgents) {
            if (ratePerSec >= tunables.promotionThresholdPerSec()) {
                promote(docId);
            }
            return;
        }
        final int e = agent - coreAgents;
        if (elasticDoc[e] != docId || inTransit.get(docId) != NONE) {
            return;
        }
        if (ratePerSec >= tunables.demotionThresholdPerSec()) {
            lowSinceNs[e] = 0;
        } else if (lowSinceNs[e] == 0) {
            lowSinceNs[e] = nowNs;
        } else if (nowNs - lowSinceNs[e] >= tunables.idleTimeoutNs()) {
            demote(docId);
        }
    }

    private void onHandedOver(final long docId, final int from, final int to) {
        final long expected = inTransit.remove(docId);
        final boolean toElastic = expected >= coreAgents;
        if (to < 0) {
            LOG.warn("handoff of document {} from agent {} refused; it stays where it was", DocIds.text(docId), from);
            if (toElastic) { // promotion refused: free the elastic slot again
                elasticDoc[(int) expected - coreAgents] = NONE;
                elasticOf.remove(docId);
            }
            return;
        }
        if (toElastic) {
            counters.promotions().incrementRelease();
            LOG.info("promoted document {} from agent {} to elastic agent {}", DocIds.text(docId), from, to);
        } else {
            final int e = from - coreAgents;
            elasticDoc[e] = NONE;
            lowSinceNs[e] = 0;
            elasticOf.remove(docId);
            counters.demotions().incrementRelease();
            LOG.info("demoted document {} from elastic agent {} to agent {}", DocIds.text(docId), from, to);
        }
        counters.elasticActive().setRelease(elasticOf.size());
    }
}
