package io.deltad.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JournalPrioritiesTest {
    /** {line, the previous line's prefix, the expected prefix}. */
    private static final String[][] CASES = {
        {"[main] ERROR io.deltad.app.Appliance - it broke", "<6>", "<3>"},
        {"[io-0] WARN io.deltad.io.packet.UdpPacketIo - GSO refused", "<6>", "<4>"},
        {"[main] INFO io.deltad.app.Appliance - started", "<4>", "<6>"},
        {"[main] DEBUG x - y", "<6>", "<7>"},
        {"\tat io.deltad.app.Appliance.start(Appliance.java:12)", "<3>", "<3>"}, // a stack trace: its log line's
        {"Caused by: java.io.IOException: no", "<3>", "<3>"},
        {"deltad: config /etc/deltad/deltad.toml", "<3>", "<6>"}, // anything else: info
        {"[weird line", "<4>", "<6>"},
        {"<3>deltad: /etc/deltad/deltad.toml:12: elastic.x: bad", "<6>", ""}, // has its own
    };

    @Test
    void shouldGiveEachLineThePriorityOfItsLevel() {
        for (final String[] c : CASES) {
            assertEquals(c[2], JournalPriorities.prefix(c[0], c[1]), c[0]);
        }
    }

    @Test
    void shouldPrefixEveryLineWrittenThroughIt() {
        final java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream err = new java.io.PrintStream(new JournalPriorities(sink), true,
            java.nio.charset.StandardCharsets.UTF_8)) {
            err.println("[main] WARN a - first");
            err.print("\tat b.c(D.java:1)\n[main] INFO a - second\n");
        }
        assertEquals("<4>[main] WARN a - first\n<4>\tat b.c(D.java:1)\n<6>[main] INFO a - second\n",
            sink.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
