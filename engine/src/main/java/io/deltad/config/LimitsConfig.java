package io.deltad.config;

import java.util.List;

/** {@code [limits]}: admission and per-session rate limits, so one client cannot starve the others. */
public final class LimitsConfig {
    static final String SECTION = "limits";
    static final String MAX_SESSIONS = "max_sessions";
    static final String SESSION_RATE = "session_rate";
    static final String SESSION_BURST = "session_burst";
    static final String ON_RATE_LIMIT = "on_rate_limit";
    private static final List<String> KEYS = List.of(MAX_SESSIONS, SESSION_RATE, SESSION_BURST, ON_RATE_LIMIT);

    static final long MAX_SESSIONS_DEFAULT = 10_000;
    static final long MAX_SESSIONS_MAX = 1_000_000;
    static final long SESSION_RATE_DEFAULT = 0;
    static final long SESSION_BURST_DEFAULT = 1_000;
    /** Largest session rate or burst (also for {@code deltactl config set}). */
    public static final long RATE_MAX = 1_000_000_000;

    private final int maxSessions;
    private final long sessionRatePerSec;
    private final long sessionBurst;
    private final RateLimitAction onRateLimit;

    private LimitsConfig(
        final int maxSessions, final long sessionRatePerSec, final long sessionBurst, final RateLimitAction onRateLimit) {
        this.maxSessions = maxSessions;
        this.sessionRatePerSec = sessionRatePerSec;
        this.sessionBurst = sessionBurst;
        this.onRateLimit = onRateLimit;
    }

    static LimitsConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        return new LimitsConfig(
            (int) reader.integer(MAX_SESSIONS, MAX_SESSIONS_DEFAULT, 1, MAX_SESSIONS_MAX),
            reader.integer(SESSION_RATE, SESSION_RATE_DEFAULT, 0, RATE_MAX),
            reader.integer(SESSION_BURST, SESSION_BURST_DEFAULT, 1, RATE_MAX),
            reader.choice(ON_RATE_LIMIT, RateLimitAction.NACK, RateLimitAction.class));
    }

    /** @return most concurrent sessions admitted. */
    public int maxSessions() {
        return maxSessions;
    }

    /** @return deltas per second a session may sustain; 0 means unlimited. */
    public long sessionRatePerSec() {
        return sessionRatePerSec;
    }

    /** @return deltas a session may send in a burst above its rate (token bucket depth). */
    public long sessionBurst() {
        return sessionBurst;
    }

    /** @return whether {@link #sessionRatePerSec()} limits anything. */
    public boolean isRateLimited() {
        return sessionRatePerSec != 0;
    }

    /** @return what happens to a session over its rate. */
    public RateLimitAction onRateLimit() {
        return onRateLimit;
    }

    @Override
    public String toString() {
        return "[limits] max_sessions=" + maxSessions + " session_rate=" + sessionRatePerSec +
            " session_burst=" + sessionBurst + " on_rate_limit=" + SectionReader.configName(onRateLimit);
    }
}
