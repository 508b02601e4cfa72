package io.deltad.metrics;

import io.deltad.counters.CounterType;
import io.deltad.counters.DeltadCounters;
import io.deltad.wire.NackCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counter set as the Prometheus writer renders it. Checks the mapping (names, labels from keys, kinds); the
 * end-to-end test in tools parses a real scrape with a Prometheus text parser.
 */
class CountersExpositionTest {
    private static final int MAX_COUNTERS = 256;

    @Test
    void shouldExposeCountersWithLabelsFromTheirKeys() throws Exception {
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_COUNTERS * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_COUNTERS * CountersReader.COUNTER_LENGTH)),
            StandardCharsets.US_ASCII);
        final DeltadCounters counters = new DeltadCounters(manager);
        counters.deltasAccepted().getAndAdd(5);
        counters.sessions().getAndAdd(2);
        counters.newAgentWork("io-0").setRelease(7);
        counters.newAgentWork("doc-0").setRelease(11);
        counters.newRingFull("io-0", "doc-0").increment();
        counters.newSubscriberLagMax("io-0").setRelease(3);
        counters.newRejectedByCode()[NackCode.OUT_OF_BOUNDS].getAndAdd(2);
        counters.newSignalingOffersRefused(401).getAndAdd(3);
        counters.newSignalingOffersRefused(DeltadCounters.OTHER_STATUS).getAndAdd(1);

        final String text = render(new CountersExposition(manager, "node-a", () -> 9_000, () -> 10_500));

        assertContains(text, "# TYPE deltad_deltas_accepted_total counter\n");
        assertContains(text, "\ndeltad_deltas_accepted_total 5.0\n");
        assertContains(text, "# TYPE deltad_sessions gauge\n");
        assertContains(text, "\ndeltad_sessions 2.0\n");
        assertContains(text, "deltad_agent_work_total{agent=\"io-0\"} 7.0\n");
        assertContains(text, "deltad_agent_work_total{agent=\"doc-0\"} 11.0\n");
        assertContains(text, "deltad_ring_full_total{from=\"io-0\",to=\"doc-0\"} 1.0\n");
        assertContains(text, "# TYPE deltad_subscriber_lag_max gauge\n");
        assertContains(text, "deltad_subscriber_lag_max{agent=\"io-0\"} 3.0\n");
        assertContains(text, "deltad_deltas_rejected_total{code=\"out_of_bounds\"} 2.0\n");
        assertContains(text, "deltad_deltas_rejected_total{code=\"busy\"} 0.0\n");
        assertContains(text, "deltad_signaling_offers_refused_total{status=\"401\"} 3.0\n");
        assertContains(text, "deltad_signaling_offers_refused_total{status=\"other\"} 1.0\n");
        assertContains(text, "\ndeltad_up 1.0\n");
        assertContains(text, "deltad_info{node=\"node-a\"} 1.0\n");
        assertContains(text, "\ndeltad_heartbeat_age_seconds 1.5\n");
        assertFalse(text.contains("code=\"none\""), "NONE is never counted");
    }

    @Test
    void shouldSumCountersThatShareLabelsInsteadOfFailingTheScrape() throws Exception {
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.COUNTER_LENGTH)),
            StandardCharsets.US_ASCII);
        final DeltadCounters counters = new DeltadCounters(manager);
        final AtomicCounter first = counters.newAgentWork("doc-1");
        final AtomicCounter second = counters.newAgentWork("doc-1");
        first.setRelease(4);
        second.setRelease(6);
        assertContains(render(new CountersExposition(manager, "n", () -> 0, () -> 0)),
            "deltad_agent_work_total{agent=\"doc-1\"} 10.0\n");
    }

    @Test
    void shouldGiveEveryCounterTypeItsOwnPrefixedName() {
        final Set<String> names = new HashSet<>();
        for (final CounterType type : CounterType.values()) {
            final CounterMetric metric = CounterMetrics.of(type);
            assertTrue(metric.name().matches("deltad_[a-z_]+"), metric.name());
            assertFalse(metric.name().endsWith("_total"), "the writer adds _total: " + metric.name());
            assertTrue(names.add(metric.name()), "duplicate name " + metric.name());
        }
        assertEquals(CounterType.values().length, names.size());
    }

    private static String render(final CountersExposition exposition) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        exposition.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertContains(final String text, final String expected) {
        assertTrue(text.contains(expected), () -> "expected \"" + expected + "\" in:\n" + text);
    }
}
