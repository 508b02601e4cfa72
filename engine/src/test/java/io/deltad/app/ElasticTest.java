package io.deltad.app;

import io.deltad.conductor.Tunables;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Promotion and demotion driven by measured rates, with a clock the test moves. */
class ElasticTest {
    private static final long WINDOW_NS = 100_000_000L;

    @Test
    void shouldPromoteHotDocumentAndDemoteItWhenIdleWithoutLosingOrderOrState() {
        final Tunables tunables = new Tunables(1_000, 100, 1_000_000_000L, 0, 1000, false);
        try (EngineHarness h = new EngineHarness(ctx -> ctx.elasticDocAgents(1).rateWindowNs(WINDOW_NS).tunables(tunables))) {
            final TestClient writer = h.connect();
            final TestClient reader = h.connect();
            reader.subscribe(EngineTest.CARD_1, 1);
            h.settle(reader);
            long clientSeq = 0;

            // 200 deltas in one 100 ms window = 2,000/s, above the 1,000/s threshold.
            for (int i = 0; i < 200; i++) {
                writer.delta(EngineTest.CARD_1, ++clientSeq, ops -> ops.increment(1, 1));
                if (i % 20 == 0) {
                    h.engine.doWorkAll();
                }
            }
            h.advanceNs(WINDOW_NS);
            // Keep sending while the handoff runs: these must neither be lost nor reordered.
            for (int i = 0; i < 50; i++) {
                writer.delta(EngineTest.CARD_1, ++clientSeq, ops -> ops.increment(1, 1));
                h.engine.doWorkAll();
            }
            h.settle(writer, reader);
            assertTrue(h.engine.conductor().isElastic(EngineTest.CARD_1));
            assertEquals(1, h.counter("promotions"));
            assertEquals(1, h.engine.docAgents()[1].ownedCount(), "the elastic agent owns the document");
            assertEquals(0, h.engine.docAgents()[0].ownedCount(), "the core agent gave it up");

            for (int i = 0; i < 25; i++) {
                writer.delta(EngineTest.CARD_1, ++clientSeq, ops -> ops.increment(1, 1));
            }
            h.settle(writer, reader);

            // Idle: below 100/s for the 1 s idle timeout, measured window by window.
            for (int i = 0; i < 15; i++) {
                h.advanceNs(WINDOW_NS);
                h.settle(writer, reader);
            }
            assertFalse(h.engine.conductor().isElastic(EngineTest.CARD_1));
            assertEquals(1, h.counter("demotions"));
            assertEquals(1, h.engine.docAgents()[0].ownedCount());

            for (int i = 0; i < 25; i++) {
                writer.delta(EngineTest.CARD_1, ++clientSeq, ops -> ops.increment(1, 1));
            }
            h.settle(writer, reader);

            assertEquals(300, writer.ofType(FrameType.ACK).size());
            final CardModel model = CardModel.replay(reader.received); // throws on any gap or duplicate
            assertEquals(300, model.n);
            assertEquals(300, model.lastSeq);
            for (int i = 0; i < 300; i++) {
                assertEquals(i + 1, writer.ofType(FrameType.ACK).get(i).payloadLong(0), "per-client FIFO");
            }
        }
    }

    @Test
    void shouldMoveDocumentByHandBothWays() {
        try (EngineHarness h = new EngineHarness(ctx -> ctx.elasticDocAgents(2))) {
            final TestClient writer = h.connect();
            writer.delta(EngineTest.CARD_1, 1, ops -> ops.setI64(0, 1));
            h.settle(writer);
            final int[] target = new int[1];
            h.engine.conductor().execute(c -> target[0] = c.promote(EngineTest.CARD_1));
            h.settle(writer);
            assertEquals(1, target[0], "first elastic agent: index 1, after the one core agent");
            assertTrue(h.engine.conductor().isElastic(EngineTest.CARD_1));
            writer.delta(EngineTest.CARD_1, 2, ops -> ops.setI64(0, 2));
            h.settle(writer);
            h.engine.conductor().execute(c -> c.demote(EngineTest.CARD_1));
            h.settle(writer);
            assertFalse(h.engine.conductor().isElastic(EngineTest.CARD_1));
            writer.delta(EngineTest.CARD_1, 3, ops -> ops.setI64(0, 3));
            h.settle(writer);
            assertEquals(3, writer.ofType(FrameType.ACK).size());
            assertEquals(3, writer.ofType(FrameType.ACK).get(2).seq());
            assertEquals(1, h.counter("promotions"));
            assertEquals(1, h.counter("demotions"));
        }
    }
}
