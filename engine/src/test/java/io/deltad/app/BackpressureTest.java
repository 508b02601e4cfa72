package io.deltad.app;

import io.deltad.conductor.Tunables;
import io.deltad.doc.DocAgent;
import io.deltad.io.IoAgent;
import io.deltad.wire.FrameType;
import io.deltad.wire.NackCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full rings, slow subscribers and fast senders: counted refusals, never a blocked agent, nothing accepted lost. */
class BackpressureTest {
    @Test
    void shouldNackBusyWhenRingToDocAgentIsFullAndAcceptAgainOnceItDrains() {
        try (EngineHarness h = new EngineHarness(ctx -> ctx.ioToDocRingBytes(4096))) {
            final TestClient writer = h.connect();
            final IoAgent io = h.engine.ioAgents()[0];
            final DocAgent doc = h.engine.docAgents()[0];
            for (int i = 1; i <= 1000; i++) {
                writer.delta(EngineTest.CARD_1, i, ops -> ops.increment(1, 1));
            }
            for (int i = 0; i < 4; i++) {
                io.doWork(); // only the IoAgent runs: the DocAgent is "stalled"
            }
            writer.poll();
            final long busy = writer.ofType(FrameType.NACK).stream().filter(f -> f.nackCode() == NackCode.BUSY).count();
            assertTrue(busy > 0, "ring full answered with BUSY");
            assertTrue(h.counter("ring full: io-0->doc-0") > 0);
            doc.doWork();
            h.settle(writer);
            assertEquals(1000 - busy, writer.ofType(FrameType.ACK).size(), "everything not refused was accepted");

            final long refusedSeq = writer.ofType(FrameType.NACK).get(0).seq();
            writer.delta(EngineTest.CARD_1, refusedSeq, ops -> ops.increment(1, 1));
            writer.delta(EngineTest.CARD_1, 1001, ops -> ops.increment(1, 1));
            h.settle(writer);
            assertEquals(NackCode.DUPLICATE, writer.ofType(FrameType.NACK).get((int) busy).nackCode(),
                "a refused delta used its clientSeq up: the same clientSeq again is a duplicate");
            assertEquals(1001 - busy, writer.ofType(FrameType.ACK).size(), "a retry with a new clientSeq goes through");
        }
    }

    @Test
    void shouldResyncLiveSubscriberWithSnapshotWhenItFallsBehindRetention() {
        try (EngineHarness h = new EngineHarness(ctx -> ctx.maxDeltasPerDoc(256).initialDeltasPerDoc(256)
            .sessionOutboundBytes(64 * 1024))) {
            final TestClient writer = h.connect();
            final TestClient slow = h.connect();
            final TestClient fast = h.connect();
            slow.subscribe(EngineTest.CARD_1, 1);
            fast.subscribe(EngineTest.CARD_1, 1);
            h.settle(slow, fast);
            // The slow subscriber stops reading; its session buffer fills after ~1,000 deltas.
            long maxLag = 0;
            for (int i = 1; i <= 5_000; i++) {
                final long v = i % 1000;
                writer.delta(EngineTest.CARD_1, i, ops -> ops.setI64(0, v).increment(1, 1));
                if (i % 50 == 0) {
                    h.engine.doWorkAll();
                    writer.poll();
                    fast.poll();
                    maxLag = Math.max(maxLag, h.counter("subscriber lag max: io-0"));
                }
            }
            h.settle(writer, fast);
            assertEquals(5_000, writer.ofType(FrameType.ACK).size());
            assertEquals(5_000, fast.ofType(FrameType.DELTA).size(), "the fast subscriber was not held up");
            assertFalse(slow.local().isClosed(), "a slow subscriber is not dropped");
            assertTrue(maxLag > 200, "its lag showed in the counter: " + maxLag);

            // It reads again: what it had room for, then RESYNC + SNAPSHOT, then it is current.
            for (int round = 0; round < 20; round++) {
                h.settle(slow);
            }
            final java.util.List<ReceivedFrame> resyncs = slow.ofType(FrameType.RESYNC);
            assertEquals(1, resyncs.size(), "one RESYNC, with a snapshot it can continue from: " + resyncs);
            assertEquals(FrameType.FLAG_WITH_SNAPSHOT, resyncs.get(0).flags());
            assertTrue(resyncs.get(0).seq() > 5_000 - 256, "it resumed within the retained window: " + resyncs.get(0));
            final CardModel slowModel = CardModel.replay(slow.received);
            final CardModel fastModel = CardModel.replay(fast.received);
            assertEquals(fastModel, slowModel);
            assertEquals(5_000, slowModel.n);
            assertTrue(slow.ofType(FrameType.DELTA).size() < 5_000, "it skipped what it could not keep up with");
            assertTrue(h.counter("resyncs") >= 1);
        }
    }

    @Test
    void shouldNackOverRateDeltasAndLeaveOtherSessionsAlone() {
        final Tunables tunables = new Tunables(100_000, 10_000, 5_000_000_000L, 100, 10, false);
        try (EngineHarness h = new EngineHarness(ctx -> ctx.tunables(tunables))) {
            final TestClient greedy = h.connect();
            final TestClient polite = h.connect();
            for (int i = 1; i <= 30; i++) {
                greedy.delta(EngineTest.CARD_1, i, ops -> ops.increment(1, 1));
            }
            polite.delta(EngineTest.CARD_1, 1, ops -> ops.increment(1, 1));
            h.settle(greedy, polite);
            assertEquals(10, greedy.ofType(FrameType.ACK).size(), "the burst");
            assertEquals(20, greedy.ofType(FrameType.NACK).stream().filter(f -> f.nackCode() == NackCode.RATE_LIMITED).count());
            assertEquals(1, polite.ofType(FrameType.ACK).size());
            h.advanceNs(100_000_000L); // 0.1 s at 100/s = 10 more tokens
            for (int i = 31; i <= 45; i++) {
                greedy.delta(EngineTest.CARD_1, i, ops -> ops.increment(1, 1));
            }
            h.settle(greedy);
            assertEquals(20, greedy.ofType(FrameType.ACK).size());
        }
    }

    @Test
    void shouldCloseOverRateSessionWhenConfiguredTo() {
        final Tunables tunables = new Tunables(100_000, 10_000, 5_000_000_000L, 100, 5, true);
        try (EngineHarness h = new EngineHarness(ctx -> ctx.tunables(tunables))) {
            final TestClient greedy = h.connect();
            for (int i = 1; i <= 10; i++) {
                greedy.delta(EngineTest.CARD_1, i, ops -> ops.increment(1, 1));
            }
            h.settle(greedy);
            assertTrue(greedy.local().isClosed());
            assertEquals(5, h.counter("deltas accepted"), "the burst was accepted before the session was closed");
            assertEquals(0, h.counter("sessions"));
        }
    }

    @Test
    void shouldCloseSessionThatDoesNotReadItsAcks() {
        try (EngineHarness h = new EngineHarness(ctx -> ctx.sessionOutboundBytes(4096))) {
            final TestClient deaf = h.connect();
            final TestClient other = h.connect();
            for (int i = 1; i <= 500; i++) {
                deaf.delta(EngineTest.CARD_1, i, ops -> ops.increment(1, 1));
                if (i % 50 == 0) {
                    h.engine.doWorkAll();
                }
            }
            other.delta(EngineTest.CARD_1, 1, ops -> ops.increment(1, 1));
            h.settle(other);
            assertTrue(deaf.local().isClosed());
            assertEquals(1, h.counter("sessions closed overloaded"));
            assertEquals(1, other.ofType(FrameType.ACK).size(), "others unaffected");
        }
    }
}
