package io.deltad.dtls.stun;

/**
 * Consent to keep sending on one session's selected pair (RFC 7675). An ICE-lite agent sends no checks of its own
 * (RFC 8445 §2.5), so the evidence of consent is the peer's authenticated Binding requests, which browsers send about
 * every 5 s (RFC 7675 §5.1); without one for 30 s consent has expired and the session is closed.
 *
 * <p>Driven by the caller's clock: no threads, no timers. Owned by the session's IoAgent.
 */
public final class ConsentFreshness {
    /** RFC 7675 §5.1: consent expires 30 s after the last authenticated check. */
    public static final long DEFAULT_TIMEOUT_NS = 30_000_000_000L;

    private final long timeoutNs;
    private long lastCheckNs;

    /** Starts the clock at session creation: a session that never sees a check expires too. */
    public ConsentFreshness(final long nowNs) {
        this(nowNs, DEFAULT_TIMEOUT_NS);
    }

    public ConsentFreshness(final long nowNs, final long timeoutNs) {
        if (timeoutNs <= 0) {
            throw new IllegalArgumentException("timeoutNs must be positive: " + timeoutNs);
        }
        this.timeoutNs = timeoutNs;
        this.lastCheckNs = nowNs;
    }

    /** Records an authenticated Binding request (see {@link IceCheckListener}). */
    public void onAuthenticatedCheck(final long nowNs) {
        if (nowNs - lastCheckNs > 0) {
            lastCheckNs = nowNs;
        }
    }

    public boolean expired(final long nowNs) {
        return nowNs - lastCheckNs >= timeoutNs;
    }

    /** Time left before expiry (≤ 0 once expired), for the caller's timer wheel. */
    public long remainingNs(final long nowNs) {
        return lastCheckNs + timeoutNs - nowNs;
    }

    public long lastCheckNs() {
        return lastCheckNs;
    }
}
