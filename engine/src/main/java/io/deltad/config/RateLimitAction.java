package io.deltad.config;

/** What happens to a session that exceeds its delta rate ({@code [limits] on_rate_limit}). */
public enum RateLimitAction {
    /** Refuse the excess deltas with NACK (rate limited); the session stays open. */
    NACK,
    /** Close the session. */
    CLOSE
}
