package io.deltad.metrics;

import io.deltad.counters.CounterType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/OPERATIONS.md lists every series with its type, so a new counter type cannot ship undocumented. */
class MetricsDocumentationTest {
    @Test
    void shouldDocumentEverySeriesWithItsType() throws Exception {
        final String operations = Files.readString(Path.of("../docs/OPERATIONS.md"));
        for (final CounterType type : CounterType.values()) {
            final CounterMetric metric = CounterMetrics.of(type);
            final String row = "| `" + metric.name() + (metric.kind() == MetricKind.COUNTER ? "_total" : "") + "` | " +
                metric.kind().name().toLowerCase(java.util.Locale.ROOT) + " |";
            assertTrue(operations.contains(row), () -> "docs/OPERATIONS.md has no row " + row + " for " + type);
        }
    }
}
