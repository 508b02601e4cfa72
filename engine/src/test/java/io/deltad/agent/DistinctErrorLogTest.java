package io.deltad.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistinctErrorLogTest {
    @Test
    void shouldReportNewOnlyOnFirstOccurrenceWhenErrorRepeats() {
        final DistinctErrorLog log = new DistinctErrorLog();

        for (int i = 0; i < 5; i++) {
            final boolean isNew = log.record(fail("same"));
            assertEquals(i == 0, isNew);
        }

        assertEquals(1, log.distinctCount());
        assertEquals(5, log.count());
        assertEquals(5, log.errors().getFirst().count());
    }

    @Test
    void shouldTreatErrorsAsDistinctWhenMessageClassOrFrameDiffers() {
        final DistinctErrorLog log = new DistinctErrorLog();

        assertTrue(log.record(fail("a")));
        assertTrue(log.record(fail("b")));
        assertTrue(log.record(new IllegalArgumentException("a")));
        assertTrue(log.record(failElsewhere("a")));
        assertFalse(log.record(fail("a")));

        assertEquals(4, log.distinctCount());
        assertEquals(5, log.count());
    }

    @Test
    void shouldAcceptErrorWithoutStackTrace() {
        final DistinctErrorLog log = new DistinctErrorLog();
        final IllegalStateException noTrace = new IllegalStateException("x");
        noTrace.setStackTrace(new StackTraceElement[0]);

        assertTrue(log.record(noTrace));
        assertFalse(log.record(noTrace));
    }

    // One creation site, so every error it returns has the same top frame.
    private static IllegalStateException fail(final String message) {
        return new IllegalStateException(message);
    }

    private static IllegalStateException failElsewhere(final String message) {
        return new IllegalStateException(message);
    }
}
