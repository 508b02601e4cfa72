package io.deltad.counters;

import io.deltad.wire.NackCode;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Per-NackCode counts an agent gathers during a duty cycle and adds to the shared per-code counters once at its
 * end: one atomic add per code that moved, not one per rejection. Not thread safe: one per agent.
 */
public final class CodeTally {
    private final AtomicCounter[] byCode;
    private final long[] pending = new long[NackCode.COUNT];

    /** @param byCode shared counters indexed by NackCode ({@link DeltadCounters#newRejectedByCode()}) */
    public CodeTally(final AtomicCounter[] byCode) {
        this.byCode = byCode;
    }

    public void add(final int code, final long delta) {
        pending[code] += delta;
    }

    public void flush() {
        for (int code = 1; code < NackCode.COUNT; code++) {
            if (pending[code] != 0) {
                byCode[code].getAndAdd(pending[code]);
                pending[code] = 0;
            }
        }
    }
}
