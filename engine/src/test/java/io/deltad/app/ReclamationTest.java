package io.deltad.app;

import io.deltad.wire.DocIds;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long run through a small store: chunks come back as streams trim, so memory stays bounded. */
class ReclamationTest {
    @Test
    void shouldRecycleChunksSoALongRunFitsASmallStore() {
        // 2 MiB store in 64 KiB chunks holds ~20k of these records; push 200k through it.
        try (EngineHarness h = new EngineHarness(1 << 16, 2L << 20, ctx -> ctx.maxDeltasPerDoc(256).initialDeltasPerDoc(256))) {
            final TestClient writer = h.connect();
            final TestClient reader = h.connect();
            for (int d = 0; d < 10; d++) {
                reader.subscribe(DocIds.of(3, d), 1);
            }
            h.settle(reader);
            final byte[] payload = new byte[48];
            int acked = 0;
            for (int i = 1; i <= 200_000; i++) {
                writer.opaque(DocIds.of(3, i % 10), i, payload);
                if (i % 100 == 0) {
                    h.engine.doWorkAll();
                    h.advanceNs(20_000_000L); // lets the Conductor's reclaim pass run
                    h.engine.doWorkAll();
                    writer.poll();
                    reader.poll();
                    acked += writer.ofType(FrameType.ACK).size();
                    writer.received.clear();
                    reader.received.clear();
                }
            }
            h.settle(writer, reader);
            acked += writer.ofType(FrameType.ACK).size();
            assertEquals(200_000, acked, "every delta accepted: the store never ran out");
            assertEquals(0, h.counter("store full"));
            assertTrue(h.counter("chunks reclaimed") > 100, "chunks reclaimed: " + h.counter("chunks reclaimed"));
        }
    }
}
