package io.deltad.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JournalPrioritiesTest {
    @Test
    void shouldGiveEachSlf4jSimpleLineThePriorityOfItsLevel() {
        assertEquals("<3>", JournalPriorities.prefix("[main] ERROR io.deltad.app.Appliance - it broke", "<6>"));
        assertEquals("<4>", JournalPriorities.prefix("[io-0] WARN io.deltad.io.packet.UdpPacketIo - GSO refused", "<6>"));
        assertEquals("<6>", JournalPriorities.prefix("[main] INFO io.deltad.app.Appliance - started", "<4>"));
        assertEquals("<7>", JournalPriorities.prefix("[main] DEBUG x - y", "<6>"));
    }

    @Test
    void shouldGiveAStackTraceTheLevelOfItsLogLineAndAnythingElseInfo() {
        assertEquals("<3>", JournalPriorities.prefix("\tat io.deltad.app.Appliance.start(Appliance.java:12)", "<3>"));
        assertEquals("<3>", JournalPriorities.prefix("Caused by: java.io.IOException: no", "<3>"));
        assertEquals("<6>", JournalPriorities.prefix("deltad: config /etc/deltad/deltad.toml", "<3>"));
        assertEquals("<6>", JournalPriorities.prefix("[weird line", "<4>"));
        assertEquals("", JournalPriorities.prefix("<3>deltad: /etc/deltad/deltad.toml:12: elastic.x: bad", "<6>"),
            "a line with its own priority keeps it");
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
