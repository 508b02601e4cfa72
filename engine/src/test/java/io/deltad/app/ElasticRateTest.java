package io.deltad.app;

import io.deltad.conductor.Tunables;
import io.deltad.wire.DocIds;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Promotion to an elastic DocAgent and demotion back, driven by the documents' measured rates. */
class ElasticRateTest {
    static final long CARD_1 = DocIds.of(1, 1);
    static final long TICK_NS = 10_000_000L;

    @Test
    void shouldKeepHotDocumentElasticAndDemoteItOnlyOnceIdle() {
        // promote at >= 100/s, demote after 1 s below 10/s; the document is written at 1,000/s.
        try (EngineHarness h = new EngineHarness(ctx -> ctx.elasticDocAgents(1)
            .tunables(new Tunables(100, 10, 1_000_000_000L, 0, 1000, false)))) {
            final TestClient writer = h.connect();
            long clientSeq = 0;
            for (int tick = 0; tick < 300; tick++) { // 3 s at 10 deltas per 10 ms
                for (int i = 0; i < 10; i++) {
                    writer.delta(CARD_1, ++clientSeq, ops -> ops.setI64(0, 1));
                }
                h.advanceNs(TICK_NS);
                h.settle(writer);
                writer.received.clear();
            }
            assertTrue(h.engine.conductor().isElastic(CARD_1), "hot document on an elastic agent");
            assertEquals(1, h.counter("promotions"));
            assertEquals(0, h.counter("demotions"), "a document written at 1,000/s is not idle");

            for (int tick = 0; tick < 300; tick++) { // 3 s without writes
                h.advanceNs(TICK_NS);
                h.settle(writer);
            }
            assertEquals(1, h.counter("demotions"), "idle for longer than idle_timeout");
            assertTrue(!h.engine.conductor().isElastic(CARD_1));
        }
    }
}
