package io.deltad.app;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.AfterAll;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for everything a client message meets on the way in: framing, the structural check, routing, schema
 * validation, subscribe handling. Any message must leave the engine running and the session usable.
 * CI replays the inputs under src/test/resources/io/deltad/app/InboundFuzzTestInputs; fuzz with
 * {@code JAZZER_FUZZ=1 bin/test -pl engine -am -Dtest=InboundFuzzTest}.
 */
class InboundFuzzTest {
    private static final EngineHarness HARNESS = new EngineHarness(ctx -> ctx.sessionOutboundBytes(1 << 16));

    @AfterAll
    static void close() {
        HARNESS.close();
    }

    @FuzzTest(maxDuration = "60s")
    void anyMessageLeavesSessionUsable(final byte[] message) {
        final TestClient client = HARNESS.connect();
        if (message.length > 0 && message.length <= 4096) {
            client.raw(message);
        }
        HARNESS.settle(client);
        client.received.clear();
        client.delta(EngineTest.CARD_1, Long.MAX_VALUE, ops -> ops.increment(1, 1));
        HARNESS.settle(client);
        assertFalse(client.local().isClosed());
        assertTrue(client.ofType(FrameType.ACK).size() == 1 || !client.ofType(FrameType.NACK).isEmpty(),
            "the session still gets answers: " + client.received);
        HARNESS.engine.disconnect(client.local());
        HARNESS.settle();
        assertTrue(client.local().isClosed());
    }
}
