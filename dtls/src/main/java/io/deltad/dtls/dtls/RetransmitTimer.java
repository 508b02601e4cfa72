package io.deltad.dtls.dtls;

import java.util.concurrent.TimeUnit;

/**
 * The handshake retransmission timer (RFC 6347 §4.2.4.1): 1 s after a flight is sent, doubled after every
 * retransmission, capped at 60 s (the RFC 6298 maximum the RFC points to). The engine cannot time anything itself;
 * the owner's duty cycle asks {@link DtlsEndpoint#onTimer(long)}, which consults this. Owner thread only.
 */
final class RetransmitTimer {
    static final long INITIAL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);
    static final long MAX_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    static final long NEVER = Long.MAX_VALUE;

    private long timeoutNs = INITIAL_TIMEOUT_NS;
    private long deadlineNs = NEVER;

    /**
     * A new flight went out: the peer answered the previous one, so the path works and the timeout starts over
     * (BoringSSL and the RFC's "may be reset" agree).
     */
    void onNewFlight(final long nowNs) {
        timeoutNs = INITIAL_TIMEOUT_NS;
        deadlineNs = nowNs + timeoutNs;
    }

    /** The flight was retransmitted: wait twice as long for the answer. */
    void onRetransmitted(final long nowNs) {
        timeoutNs = Math.min(timeoutNs * 2, MAX_TIMEOUT_NS);
        deadlineNs = nowNs + timeoutNs;
    }

    /** The flight was sent again because the peer asked (it retransmitted): same timeout, counted from now. */
    void onAnswered(final long nowNs) {
        deadlineNs = nowNs + timeoutNs;
    }

    void cancel() {
        deadlineNs = NEVER;
    }

    boolean isDue(final long nowNs) {
        return deadlineNs != NEVER && nowNs - deadlineNs >= 0;
    }

    long deadlineNs() {
        return deadlineNs;
    }

    long timeoutNs() {
        return timeoutNs;
    }
}
