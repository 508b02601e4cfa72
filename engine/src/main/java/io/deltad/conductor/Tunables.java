package io.deltad.conductor;

/**
 * Settings an operator may change while the appliance runs ({@code deltactl config set}). Each is a plain
 * volatile: written rarely by the control path, read by agents once per window or per session check.
 */
public final class Tunables {
    private volatile long promotionThresholdPerSec;
    private volatile long demotionThresholdPerSec;
    private volatile long idleTimeoutNs;
    private volatile long sessionRatePerSec;
    private volatile long sessionBurst;
    private volatile boolean closeOnRateLimit;

    public Tunables(
        final long promotionThresholdPerSec,
        final long demotionThresholdPerSec,
        final long idleTimeoutNs,
        final long sessionRatePerSec,
        final long sessionBurst,
        final boolean closeOnRateLimit) {
        this.promotionThresholdPerSec = promotionThresholdPerSec;
        this.demotionThresholdPerSec = demotionThresholdPerSec;
        this.idleTimeoutNs = idleTimeoutNs;
        this.sessionRatePerSec = sessionRatePerSec;
        this.sessionBurst = sessionBurst;
        this.closeOnRateLimit = closeOnRateLimit;
    }

    public long promotionThresholdPerSec() { return promotionThresholdPerSec; }
    public long demotionThresholdPerSec() { return demotionThresholdPerSec; }
    public long idleTimeoutNs() { return idleTimeoutNs; }
    /** Deltas per second one session may send; 0 = unlimited. */
    public long sessionRatePerSec() { return sessionRatePerSec; }
    public long sessionBurst() { return sessionBurst; }
    /** True: a session over its rate is closed; false: its excess deltas get NACK RATE_LIMITED. */
    public boolean closeOnRateLimit() { return closeOnRateLimit; }

    public void promotionThresholdPerSec(final long value) { requirePositive(value); promotionThresholdPerSec = value; }
    public void demotionThresholdPerSec(final long value) { requireNonNegative(value); demotionThresholdPerSec = value; }
    public void idleTimeoutNs(final long value) { requirePositive(value); idleTimeoutNs = value; }
    public void sessionRatePerSec(final long value) { requireNonNegative(value); sessionRatePerSec = value; }
    public void sessionBurst(final long value) { requirePositive(value); sessionBurst = value; }
    public void closeOnRateLimit(final boolean value) { closeOnRateLimit = value; }

    private static void requirePositive(final long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("must be > 0, got " + value);
        }
    }

    private static void requireNonNegative(final long value) {
        if (value < 0) {
            throw new IllegalArgumentException("must be >= 0, got " + value);
        }
    }
}
