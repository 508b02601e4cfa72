package io.deltad.metrics;

/**
 * How Prometheus should treat a series: a counter only goes up (rates and {@code increase()} apply, and the text
 * format gives it a {@code _total} suffix), a gauge goes up and down (read as is).
 */
public enum MetricKind {
    COUNTER,
    GAUGE
}
