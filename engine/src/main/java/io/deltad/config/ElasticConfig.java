package io.deltad.config;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code [elastic]}: when the Conductor moves a hot document to a dedicated DocAgent and when it moves it back.
 * Demotion sits strictly below promotion so a document hovering near one threshold does not flap.
 */
public final class ElasticConfig {
    static final String SECTION = "elastic";
    static final String PROMOTION_THRESHOLD = "promotion_threshold";
    static final String DEMOTION_THRESHOLD = "demotion_threshold";
    static final String IDLE_TIMEOUT = "idle_timeout";
    static final String MAX_ELASTIC = "max_elastic";
    static final String RATE_WINDOW = "rate_window";
    private static final List<String> KEYS =
        List.of(PROMOTION_THRESHOLD, DEMOTION_THRESHOLD, IDLE_TIMEOUT, MAX_ELASTIC, RATE_WINDOW);

    static final long PROMOTION_THRESHOLD_DEFAULT = 100_000;
    static final long DEMOTION_THRESHOLD_DEFAULT = 10_000;
    /** Largest promotion or demotion threshold, deltas/s (also for {@code deltactl config set}). */
    public static final long THRESHOLD_MAX = 1_000_000_000;
    /** Shortest and longest idle timeout (also for {@code deltactl config set}). */
    public static final long IDLE_TIMEOUT_MIN_NS = TimeUnit.MILLISECONDS.toNanos(1);
    public static final long IDLE_TIMEOUT_MAX_NS = TimeUnit.HOURS.toNanos(24);
    static final long IDLE_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);
    static final long RATE_WINDOW_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_ELASTIC_MAX = 64;

    private final long promotionThresholdPerSec;
    private final long demotionThresholdPerSec;
    private final long idleTimeoutNs;
    private final int maxElastic;
    private final long rateWindowNs;

    private ElasticConfig(
        final long promotionThresholdPerSec,
        final long demotionThresholdPerSec,
        final long idleTimeoutNs,
        final int maxElastic,
        final long rateWindowNs) {
        this.promotionThresholdPerSec = promotionThresholdPerSec;
        this.demotionThresholdPerSec = demotionThresholdPerSec;
        this.idleTimeoutNs = idleTimeoutNs;
        this.maxElastic = maxElastic;
        this.rateWindowNs = rateWindowNs;
    }

    /**
     * The rule between the two thresholds, shared by the config file and {@code deltactl config set}: null when they
     * fit, else the problem.
     */
    public static String thresholdsProblem(final long promotionPerSec, final long demotionPerSec) {
        return demotionPerSec < promotionPerSec ? null : "demotion_threshold (" + demotionPerSec +
            ") must be below promotion_threshold (" + promotionPerSec + "), or documents would flap between core and elastic agents";
    }

    /**
     * The rule for idle_timeout against the rate window (idleness is judged from measured rates, so it cannot be
     * shorter than one measurement), shared like {@link #thresholdsProblem}: null when it fits, else the problem.
     */
    public static String idleTimeoutProblem(final long idleTimeoutNs, final long rateWindowNs) {
        return idleTimeoutNs >= rateWindowNs ? null : "must be at least rate_window (" + DurationFormat.format(rateWindowNs) +
            "), got " + DurationFormat.format(idleTimeoutNs);
    }

    static ElasticConfig from(final ConfigSource source, final CoreMapConfig cores) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final long promotion = reader.integer(PROMOTION_THRESHOLD, PROMOTION_THRESHOLD_DEFAULT, 1, THRESHOLD_MAX);
        final long demotion = reader.integer(DEMOTION_THRESHOLD, DEMOTION_THRESHOLD_DEFAULT, 0, THRESHOLD_MAX);
        final String thresholds = thresholdsProblem(promotion, demotion);
        if (thresholds != null) {
            final String key = reader.has(DEMOTION_THRESHOLD) || !reader.has(PROMOTION_THRESHOLD) ?
                DEMOTION_THRESHOLD : PROMOTION_THRESHOLD;
            throw reader.fail(key, thresholds);
        }
        final long rateWindowNs = reader.durationNs(
            RATE_WINDOW, RATE_WINDOW_DEFAULT_NS, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(60));
        final long idleTimeoutNs = reader.durationNs(
            IDLE_TIMEOUT, IDLE_TIMEOUT_DEFAULT_NS, IDLE_TIMEOUT_MIN_NS, IDLE_TIMEOUT_MAX_NS);
        final String idle = idleTimeoutProblem(idleTimeoutNs, rateWindowNs);
        if (idle != null) {
            throw reader.fail(IDLE_TIMEOUT, idle);
        }
        final int elasticCpuCount = cores.elasticCpus().length;
        final long maxElastic = reader.integer(MAX_ELASTIC, Math.min(elasticCpuCount, MAX_ELASTIC_MAX), 0, MAX_ELASTIC_MAX);
        if (maxElastic > 0 && elasticCpuCount == 0) {
            throw reader.fail(MAX_ELASTIC, "is " + maxElastic + " but cores.elastic lists no CPUs for elastic agents");
        }
        return new ElasticConfig(promotion, demotion, idleTimeoutNs, (int) maxElastic, rateWindowNs);
    }

    /** @return deltas per second above which a document is promoted to an elastic DocAgent. */
    public long promotionThresholdPerSec() {
        return promotionThresholdPerSec;
    }

    /** @return deltas per second below which a promoted document counts as idle; below the promotion threshold. */
    public long demotionThresholdPerSec() {
        return demotionThresholdPerSec;
    }

    /** @return how long a promoted document stays below the demotion threshold before it is demoted, in ns. */
    public long idleTimeoutNs() {
        return idleTimeoutNs;
    }

    /** @return most elastic DocAgents running at once; 0 disables promotion. */
    public int maxElastic() {
        return maxElastic;
    }

    /** @return the window per-document rates are measured over, in ns. */
    public long rateWindowNs() {
        return rateWindowNs;
    }

    @Override
    public String toString() {
        return "[elastic] promotion_threshold=" + promotionThresholdPerSec + " demotion_threshold=" + demotionThresholdPerSec +
            " idle_timeout=" + DurationFormat.format(idleTimeoutNs) + " max_elastic=" + maxElastic +
            " rate_window=" + DurationFormat.format(rateWindowNs);
    }
}
