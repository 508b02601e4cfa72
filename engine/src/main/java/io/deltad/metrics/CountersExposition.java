package io.deltad.metrics;

import io.deltad.counters.CounterType;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns the appliance's counters (the same ones {@code deltactl stat} reads) into Prometheus families, and writes
 * them with the Prometheus client's text-format writer so escaping and the {@code _total} convention are the
 * library's, not ours. Each counter is mapped by {@link CounterMetrics}; besides them, {@code deltad_up} (1 while
 * the server answers), {@code deltad_info{node}} and {@code deltad_heartbeat_age_seconds}.
 *
 * <p>Threading: {@link #snapshot()} only reads (acquire loads of Agrona metadata and values), so any thread may
 * call it, concurrently with the agents writing and with counters being allocated; each value is read on its own,
 * so a snapshot is not atomic across counters.
 */
public final class CountersExposition {
    /** {@code text/plain; version=0.0.4; charset=utf-8}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final CountersReader counters;
    private final String nodeName;
    private final LongSupplier heartbeatMs;
    private final LongSupplier clockMs;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /**
     * @param counters    the counters to expose (the counters file's manager).
     * @param nodeName    {@code node.name}, the {@code node} label of {@code deltad_info}.
     * @param heartbeatMs last heartbeat of the appliance, epoch ms (0 before the first).
     * @param clockMs     current time, epoch ms.
     */
    public CountersExposition(final CountersReader counters, final String nodeName, final LongSupplier heartbeatMs,
        final LongSupplier clockMs) {
        this.counters = counters;
        this.nodeName = nodeName;
        this.heartbeatMs = heartbeatMs;
        this.clockMs = clockMs;
    }

    /** Reads every allocated counter into one family per counter type (types without a counter are left out). */
    public MetricSnapshots snapshot() {
        final Map<CounterType, Map<Labels, Double>> byType = new EnumMap<>(CounterType.class);
        counters.forEach((CountersReader.MetaData) (counterId, typeId, keyBuffer, label) -> {
            final CounterType type = CounterType.get(typeId);
            if (type == null) {
                return; // written by a newer appliance than this reader knows: nothing to name it by
            }
            final KeyLayout key = CounterMetrics.of(type).key();
            final Labels labels = Labels.of(key.labelNames().toArray(String[]::new), key.labelValues(keyBuffer));
            // Summed, not replaced: a freed agent's slot may be reused by one of the same name, and the model
            // rejects two points with the same labels.
            byType.computeIfAbsent(type, t -> new LinkedHashMap<>())
                .merge(labels, (double) counters.getCounterValue(counterId), Double::sum);
        });

        final MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        snapshots.metricSnapshot(gauge("deltad_up", "1 while the appliance answers scrapes.", Map.of(Labels.EMPTY, 1.0)));
        snapshots.metricSnapshot(gauge("deltad_info", "Constant 1, labelled with the node name.",
            Map.of(Labels.of("node", nodeName), 1.0)));
        final long heartbeat = heartbeatMs.getAsLong();
        if (heartbeat > 0) {
            snapshots.metricSnapshot(gauge("deltad_heartbeat_age_seconds",
                "Seconds since the appliance last wrote its heartbeat; growing means wedged.",
                Map.of(Labels.EMPTY, Math.max(0, clockMs.getAsLong() - heartbeat) / 1000.0)));
        }
        for (final Map.Entry<CounterType, Map<Labels, Double>> family : byType.entrySet()) {
            final CounterMetric metric = CounterMetrics.of(family.getKey());
            snapshots.metricSnapshot(switch (metric.kind()) {
                case COUNTER -> counter(metric.name(), metric.help(), family.getValue());
                case GAUGE -> gauge(metric.name(), metric.help(), family.getValue());
            });
        }
        return snapshots.build();
    }

    /** Writes {@link #snapshot()} in the Prometheus text format (UTF-8) to {@code out}. */
    public void write(final OutputStream out) throws IOException {
        writer.write(out, snapshot());
    }

    private static CounterSnapshot counter(final String name, final String help, final Map<Labels, Double> points) {
        final CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
        for (final Map.Entry<Labels, Double> point : points.entrySet()) {
            // The model refuses a negative counter (and would fail the whole scrape); a counter read as negative
            // is a writer bug, better seen as a flat 0 than as a scrape error hiding every other series.
            builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(point.getKey()).value(Math.max(0.0, point.getValue())).build());
        }
        return builder.build();
    }

    private static GaugeSnapshot gauge(final String name, final String help, final Map<Labels, Double> points) {
        final GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
        for (final Map.Entry<Labels, Double> point : points.entrySet()) {
            builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(point.getKey()).value(point.getValue()).build());
        }
        return builder.build();
    }
}
