package io.deltad.signaling;

import io.deltad.counters.DeltadCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The signaling endpoint's counters ({@code deltactl stat}, {@code /metrics}): offers accepted, offers refused per
 * HTTP status, requests rate limited. Written by the request threads, several at once: atomic adds.
 */
final class SignalingCounters {
    /** The statuses {@code POST /v1/sessions} answers with; a broker's other refusals count as {@code other}. */
    static final int[] STATUSES = {400, 401, 403, 413, 415, 422, 429, 500, 503};

    private final AtomicCounter accepted;
    private final AtomicCounter rateLimited;
    private final AtomicCounter[] refused = new AtomicCounter[STATUSES.length];
    private final AtomicCounter refusedOther;

    SignalingCounters(final DeltadCounters counters) {
        accepted = counters.newSignalingOffersAccepted();
        rateLimited = counters.newSignalingRateLimited();
        for (int i = 0; i < STATUSES.length; i++) {
            refused[i] = counters.newSignalingOffersRefused(STATUSES[i]);
        }
        refusedOther = counters.newSignalingOffersRefused(DeltadCounters.OTHER_STATUS);
    }

    void accepted() {
        accepted.getAndAdd(1);
    }

    void refused(final int httpStatus) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i] == httpStatus) {
                refused[i].getAndAdd(1);
                return;
            }
        }
        refusedOther.getAndAdd(1);
    }

    void rateLimited() {
        rateLimited.getAndAdd(1);
    }
}
