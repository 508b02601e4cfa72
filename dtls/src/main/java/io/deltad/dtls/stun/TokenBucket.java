package io.deltad.dtls.stun;

/**
 * Token bucket driven by the caller's clock: {@code ratePerSec} tokens a second, at most {@code burst} saved up.
 * Tokens are kept in nanosecond-scaled units so refill is exact integer arithmetic, no floating point, no threads.
 *
 * <p>Not thread safe: owned by one agent.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ratePerSec;
    private final long capacityScaled;
    private long tokensScaled;
    private long lastRefillNs;

    /** Starts full at {@code nowNs}. */
    public TokenBucket(final long ratePerSec, final long burst, final long nowNs) {
        if (ratePerSec <= 0 || burst <= 0 || burst > Long.MAX_VALUE / NANOS_PER_SECOND) {
            throw new IllegalArgumentException("ratePerSec and burst must be positive: " + ratePerSec + ", " + burst);
        }
        this.ratePerSec = ratePerSec;
        this.capacityScaled = burst * NANOS_PER_SECOND;
        this.tokensScaled = capacityScaled;
        this.lastRefillNs = nowNs;
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire(final long nowNs) {
        final long elapsedNs = nowNs - lastRefillNs;
        if (elapsedNs > 0) {
            // Cap elapsed first so elapsed * rate cannot overflow after a long idle period.
            final long refillNs = Math.min(elapsedNs, capacityScaled / ratePerSec + 1);
            tokensScaled = Math.min(capacityScaled, tokensScaled + refillNs * ratePerSec);
            lastRefillNs = nowNs;
        }
        if (tokensScaled >= NANOS_PER_SECOND) {
            tokensScaled -= NANOS_PER_SECOND;
            return true;
        }
        return false;
    }
}
