package io.deltad.dtls.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetransmitTimerTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void shouldDoubleFromOneSecondUpToSixtyAndStartOverOnANewFlight() {
        final RetransmitTimer timer = new RetransmitTimer();
        assertFalse(timer.isDue(Long.MAX_VALUE - 1), "not armed");
        timer.onNewFlight(0);
        assertFalse(timer.isDue(SECOND - 1));
        assertTrue(timer.isDue(SECOND));
        long now = SECOND;
        final long[] expected = {2, 4, 8, 16, 32, 60, 60};
        for (final long seconds : expected) {
            timer.onRetransmitted(now);
            assertEquals(seconds * SECOND, timer.timeoutNs());
            now = timer.deadlineNs();
        }
        timer.onNewFlight(now);
        assertEquals(SECOND, timer.timeoutNs());
        timer.cancel();
        assertFalse(timer.isDue(Long.MAX_VALUE - 1));
    }
}
