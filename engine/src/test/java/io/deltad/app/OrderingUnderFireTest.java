package io.deltad.app;

import io.deltad.agent.AgentAssignment;
import io.deltad.agent.AgentThreads;
import io.deltad.agent.DistinctErrorLog;
import io.deltad.agent.IdleMode;
import io.deltad.conductor.Tunables;
import io.deltad.io.SessionSpec;
import io.deltad.store.ChunkStore;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import io.deltad.wire.NackCode;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many clients, many documents, agents on real threads, and a hot document promoted and demoted over and over
 * while load runs: every subscriber must see every accepted delta exactly once, in one total order per document,
 * and each client's deltas in the order it sent them.
 */
class OrderingUnderFireTest {
    private static final int PUBLISHERS = 6;
    private static final int DELTAS_PER_PUBLISHER = 15_000;
    private static final int DOCUMENTS = 40;
    private static final long HOT = DocIds.of(3, 0);
    private static final int MAX_IN_FLIGHT = 256;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepTotalOrderAndClientFifoWhileHotDocumentMoves() throws Exception {
        final ChunkStore store = ChunkStore.anonymous(256L << 20, 1 << 20);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)), new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        final Engine engine = new Engine(new EngineContext()
            .ioAgents(2).coreDocAgents(2).elasticDocAgents(2)
            .store(store).schemas(EngineHarness.SCHEMAS).countersManager(counters)
            .tunables(new Tunables(1_000_000_000L, 1, 1_000_000_000L, 0, 1000, false))
            .maxDeltasPerDoc(1 << 20));
        final List<AgentAssignment> assignments = new ArrayList<>();
        int n = 0;
        for (final Agent agent : engine.agents()) {
            assignments.add(new AgentAssignment(n++ % 2, agent, agent.roleName()));
        }
        final AgentThreads threads = AgentThreads.start(assignments, IdleMode.BACKOFF, new DistinctErrorLog());
        try {
            final Subscriber[] subscribers = {new Subscriber(engine), new Subscriber(engine)};
            for (final Subscriber s : subscribers) {
                final TestClient frames = new TestClient(s.client);
                for (int d = 0; d < DOCUMENTS; d++) {
                    frames.subscribe(DocIds.of(3, d), 1);
                }
            }
            awaitSubscribed(subscribers);

            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread chaos = new Thread(() -> {
                boolean promote = true;
                while (running.get()) {
                    final boolean p = promote;
                    engine.conductor().execute(c -> {
                        if (p) {
                            c.promote(HOT);
                        } else {
                            c.demote(HOT);
                        }
                    });
                    promote = !promote;
                    sleepMs(15);
                }
            }, "chaos");
            chaos.start();

            final Publisher[] publishers = new Publisher[PUBLISHERS];
            final Thread[] publisherThreads = new Thread[PUBLISHERS];
            for (int p = 0; p < PUBLISHERS; p++) {
                publishers[p] = new Publisher(engine, p);
                publisherThreads[p] = new Thread(publishers[p]::run, "publisher-" + p);
                publisherThreads[p].start();
            }
            final Thread[] subscriberThreads = new Thread[subscribers.length];
            final AtomicBoolean publishing = new AtomicBoolean(true);
            for (int s = 0; s < subscribers.length; s++) {
                final Subscriber subscriber = subscribers[s];
                subscriberThreads[s] = new Thread(() -> subscriber.run(publishing), "subscriber-" + s);
                subscriberThreads[s].start();
            }
            for (final Thread t : publisherThreads) {
                t.join();
            }
            running.set(false);
            chaos.join();

            long acked = 0;
            final Map<Long, Long> ackedPerDoc = new HashMap<>();
            for (final Publisher p : publishers) {
                assertTrue(p.failure == null, () -> p.failure);
                acked += p.acked;
                p.ackedPerDoc.forEach((doc, count) -> ackedPerDoc.merge(doc, count, Long::sum));
            }
            final long expectedTotal = acked;
            for (final Subscriber s : subscribers) {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (s.delivered.get() < expectedTotal && System.nanoTime() < deadline && s.failure == null) {
                    sleepMs(10);
                }
            }
            publishing.set(false);
            for (final Thread t : subscriberThreads) {
                t.join();
            }

            assertTrue(acked > PUBLISHERS * (long) DELTAS_PER_PUBLISHER / 2, "most deltas accepted: " + acked);
            for (final Subscriber s : subscribers) {
                assertTrue(s.failure == null, () -> s.failure);
                assertEquals(expectedTotal, s.delivered.get(), "every accepted delta delivered exactly once");
                for (final Map.Entry<Long, Long> e : ackedPerDoc.entrySet()) {
                    assertEquals(e.getValue(), s.lastSeq.getOrDefault(e.getKey(), 0L), "doc " + e.getKey());
                }
            }
            assertEquals(subscribers[0].orderHash, subscribers[1].orderHash, "both subscribers saw the same order");
            final long promotions = countersValue(counters, "promotions");
            final long demotions = countersValue(counters, "demotions");
            assertTrue(promotions >= 2 && demotions >= 2, "hot document moved repeatedly: " + promotions + "/" + demotions);
        } finally {
            threads.close();
            engine.close();
            store.close();
        }
    }

    private static void awaitSubscribed(final Subscriber[] subscribers) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (final Subscriber s : subscribers) {
            while (s.subscribed < DOCUMENTS) {
                s.pollOnce();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not subscribed: " + s.subscribed);
                }
            }
        }
    }

    private static long countersValue(final CountersManager counters, final String label) {
        final long[] v = {-1};
        counters.forEach((id, type, key, l) -> {
            if (l.equals(label)) {
                v[0] = counters.getCounterValue(id);
            }
        });
        return v[0];
    }

    private static void sleepMs(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends blob deltas whose payload names the publisher and its clientSeq; a third go to the hot document. */
    private static final class Publisher {
        final io.deltad.io.local.LocalClient client;
        final int id;
        final MemorySegment frame = Arena.ofAuto().allocate(64, 8);
        final FrameHeader header = new FrameHeader();
        final Map<Long, Long> ackedPerDoc = new HashMap<>();
        long acked;
        long answered;
        String failure;

        Publisher(final Engine engine, final int id) {
            this.client = engine.connect(SessionSpec.trusted("publisher-" + id));
            this.id = id;
        }

        void run() {
            final java.util.Random random = new java.util.Random(id);
            long sent = 0;
            while (sent < DELTAS_PER_PUBLISHER) {
                if (sent - answered < MAX_IN_FLIGHT) {
                    final long docId = random.nextInt(3) == 0 ? HOT : DocIds.of(3, 1 + random.nextInt(DOCUMENTS - 1));
                    final long clientSeq = sent + 1;
                    header.wrap(frame, 0).write(FrameType.DELTA, 0, docId, clientSeq, 12);
                    frame.set(FrameHeader.U32, FrameHeader.LENGTH, id);
                    frame.set(FrameHeader.U64, FrameHeader.LENGTH + 4, clientSeq);
                    if (client.send(frame, 0, FrameHeader.LENGTH + 12)) {
                        sent++;
                    }
                }
                poll();
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (answered < sent && System.nanoTime() < deadline) {
                poll();
            }
            if (answered < sent) {
                failure = "publisher " + id + ": " + (sent - answered) + " deltas never answered";
            }
        }

        private final FrameHeader in = new FrameHeader();

        void poll() {
            client.poll((segment, offset, length) -> {
                long position = offset;
                while (position < offset + length) { // a message may carry several frames
                    in.wrap(segment, position);
                    onFrame(segment);
                    position += in.frameLength();
                }
            }, 256);
        }

        private void onFrame(final MemorySegment segment) {
            if (in.type() == FrameType.ACK) {
                acked++;
                ackedPerDoc.merge(in.docId(), 1L, Long::sum);
                answered++;
            } else if (in.type() == FrameType.NACK) {
                final int code = segment.get(FrameHeader.U16, in.payloadOffset());
                if (code != NackCode.BUSY) {
                    failure = "unexpected NACK " + NackCode.name(code);
                }
                answered++;
            }
        }
    }

    /** Checks every delivery as it comes: contiguous seqs per document, increasing clientSeq per publisher per document. */
    private static final class Subscriber {
        final io.deltad.io.local.LocalClient client;
        final Map<Long, Long> lastSeq = new HashMap<>();
        final Map<Long, long[]> lastClientSeq = new HashMap<>();
        final AtomicLong delivered = new AtomicLong();
        final FrameHeader in = new FrameHeader();
        volatile String failure;
        int subscribed;
        long orderHash = 17;
        final Map<Long, Long> perDocHash = new HashMap<>();

        Subscriber(final Engine engine) {
            this.client = engine.connect(SessionSpec.trusted("subscriber"));
        }

        void run(final AtomicBoolean publishing) {
            while (publishing.get() && failure == null) {
                if (pollOnce() == 0) {
                    Thread.onSpinWait();
                }
            }
            perDocHash.keySet().stream().sorted().forEach(doc -> orderHash = orderHash * 31 + perDocHash.get(doc));
        }

        int pollOnce() {
            return client.poll((segment, offset, length) -> {
                long position = offset;
                while (position < offset + length) {
                    in.wrap(segment, position);
                    onFrame(segment);
                    position += in.frameLength();
                }
            }, 1024);
        }

        private void onFrame(final MemorySegment segment) {
            switch (in.type()) {
                case FrameType.SUBSCRIBED -> subscribed++;
                case FrameType.DELTA -> {
                    final long docId = in.docId();
                    final long seq = in.seq();
                    final long expected = lastSeq.getOrDefault(docId, 0L) + 1;
                    if (seq != expected) {
                        failure = "doc " + docId + ": expected seq " + expected + " got " + seq;
                        return;
                    }
                    lastSeq.put(docId, seq);
                    final int publisher = segment.get(FrameHeader.U32, in.payloadOffset());
                    final long clientSeq = segment.get(FrameHeader.U64, in.payloadOffset() + 4);
                    final long[] last = lastClientSeq.computeIfAbsent(docId, k -> new long[PUBLISHERS]);
                    if (clientSeq <= last[publisher]) {
                        failure = "doc " + docId + " publisher " + publisher + ": clientSeq " + clientSeq + " after " + last[publisher];
                        return;
                    }
                    last[publisher] = clientSeq;
                    perDocHash.merge(docId, publisher * 1_000_003L + clientSeq, (a, b) -> a * 31 + b);
                    delivered.incrementAndGet();
                }
                default -> failure = "unexpected frame " + FrameType.name(in.type());
            }
        }
    }
}
