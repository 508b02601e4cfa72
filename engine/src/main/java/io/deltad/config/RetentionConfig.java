package io.deltad.config;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code [retention]}: how long, and how many, deltas a document's stream keeps for replay and slow subscribers. */
public final class RetentionConfig {
    static final String SECTION = "retention";
    static final String TIME = "time";
    static final String MAX_DELTAS_PER_DOC = "max_deltas_per_doc";
    private static final List<String> KEYS = List.of(TIME, MAX_DELTAS_PER_DOC);

    static final long TIME_DEFAULT_NS = TimeUnit.SECONDS.toNanos(60);
    static final long TIME_MIN_NS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long TIME_MAX_NS = TimeUnit.DAYS.toNanos(30);
    static final long MAX_DELTAS_PER_DOC_DEFAULT = 65_536;
    static final long MAX_DELTAS_PER_DOC_MIN = 16;
    static final long MAX_DELTAS_PER_DOC_MAX = 1L << 26;

    private final long timeNs;
    private final int maxDeltasPerDoc;

    private RetentionConfig(final long timeNs, final int maxDeltasPerDoc) {
        this.timeNs = timeNs;
        this.maxDeltasPerDoc = maxDeltasPerDoc;
    }

    static RetentionConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final long timeNs = reader.durationNs(TIME, TIME_DEFAULT_NS, TIME_MIN_NS, TIME_MAX_NS);
        final long maxDeltas = reader.integer(
            MAX_DELTAS_PER_DOC, MAX_DELTAS_PER_DOC_DEFAULT, MAX_DELTAS_PER_DOC_MIN, MAX_DELTAS_PER_DOC_MAX);
        // The stream's seq -> offset index is a ring indexed by seq & mask.
        if (Long.bitCount(maxDeltas) != 1) {
            throw reader.fail(MAX_DELTAS_PER_DOC, "must be a power of two, got " + maxDeltas);
        }
        return new RetentionConfig(timeNs, (int) maxDeltas);
    }

    /** @return how long a delta is kept after it was sequenced, in nanoseconds. */
    public long timeNs() {
        return timeNs;
    }

    /** @return most deltas a document's stream retains, a power of two. */
    public int maxDeltasPerDoc() {
        return maxDeltasPerDoc;
    }

    @Override
    public String toString() {
        return "[retention] time=" + DurationFormat.format(timeNs) + " max_deltas_per_doc=" + maxDeltasPerDoc;
    }
}
