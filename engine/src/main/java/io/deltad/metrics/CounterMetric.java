package io.deltad.metrics;

/**
 * The Prometheus family one {@link io.deltad.counters.CounterType} is exposed as.
 *
 * @param name   family name without the {@code _total} suffix (the text-format writer adds it to counters).
 * @param kind   counter or gauge.
 * @param key    what the counter's key holds, and so its labels.
 * @param help   the family's HELP text.
 */
public record CounterMetric(String name, MetricKind kind, KeyLayout key, String help) {
}
