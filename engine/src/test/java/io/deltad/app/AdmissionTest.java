package io.deltad.app;

import io.deltad.io.SessionSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions are refused, counted and logged once the session limit is reached or the engine drains. */
class AdmissionTest {
    @Test
    void shouldRefuseSessionsOverTheLimitAndWhileDraining() {
        try (EngineHarness h = new EngineHarness(ctx -> ctx.maxSessions(2))) {
            final TestClient first = h.connect();
            h.connect();
            final IllegalStateException overLimit =
                assertThrows(IllegalStateException.class, () -> h.engine.connect(SessionSpec.trusted("third")));
            assertTrue(overLimit.getMessage().contains("limits.max_sessions = 2"), overLimit.getMessage());

            h.engine.disconnect(first.local());
            h.settle();
            final TestClient replacement = h.connect(); // room again once one left
            replacement.delta(EngineTest.CARD_1, 1, ops -> ops.setI64(0, 1));
            h.settle(replacement);
            assertEquals(1, replacement.ofType(io.deltad.wire.FrameType.ACK).size());

            h.engine.drain();
            h.engine.disconnect(replacement.local());
            h.settle();
            final IllegalStateException draining =
                assertThrows(IllegalStateException.class, () -> h.engine.connect(SessionSpec.trusted("late")));
            assertTrue(draining.getMessage().startsWith("draining"), draining.getMessage());
            assertEquals(2, h.counter("sessions rejected"));
        }
    }
}
