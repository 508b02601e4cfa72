package io.deltad.dtls.dtls;

/**
 * Anti-replay for one epoch (RFC 6347 §4.1.2.6, the RFC 4303 §3.4.3 sliding window): a 64-bit map of the sequence
 * numbers just below the highest one authenticated. The JDK's DTLS engine keeps none, so a captured record could
 * otherwise be delivered twice.
 *
 * <p>Only authenticated records {@link #mark} the window; a forged record with a huge sequence number fails the tag
 * check first and cannot move the window forward (BAD_INPUTS 11: window not poisoned). Owner thread only.
 */
final class ReplayWindow {
    static final int WIDTH = Long.SIZE;

    private long highest = -1;
    private long seen;

    /** True if {@code sequence} was already authenticated, or is too old for the window to tell. */
    boolean isReplay(final long sequence) {
        if (sequence > highest) {
            return false;
        }
        final long behind = highest - sequence;
        return behind >= WIDTH || (seen & (1L << behind)) != 0;
    }

    /** Records an authenticated sequence number. */
    void mark(final long sequence) {
        if (sequence > highest) {
            final long ahead = sequence - highest;
            seen = ahead >= WIDTH ? 1L : (seen << ahead) | 1L;
            highest = sequence;
        } else {
            final long behind = highest - sequence;
            if (behind < WIDTH) {
                seen |= 1L << behind;
            }
        }
    }
}
