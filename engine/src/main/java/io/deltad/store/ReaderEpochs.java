package io.deltad.store;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One counter per thread that reads records through streams; each bumps its own counter once per duty cycle.
 * The reclaimer waits until every counter has moved past a snapshot before a chunk is reused, which is the grace
 * a reader needs because it never keeps a record address across cycles.
 */
public final class ReaderEpochs {
    private final AtomicLongArray epochs;

    public ReaderEpochs(final int readers) {
        this.epochs = new AtomicLongArray(readers);
    }

    public int readers() {
        return epochs.length();
    }

    /** Called by reader {@code index} once per duty cycle; single writer per slot. */
    public void advance(final int index) {
        epochs.lazySet(index, epochs.get(index) + 1);
    }

    /** Copies every reader's epoch into {@code into[offset .. offset + readers())}. */
    void snapshot(final long[] into, final int offset) {
        for (int i = 0, n = epochs.length(); i < n; i++) {
            into[offset + i] = epochs.get(i);
        }
    }

    /** True once every reader has advanced past the epochs saved at {@code offset}. */
    boolean allPassed(final long[] saved, final int offset) {
        for (int i = 0, n = epochs.length(); i < n; i++) {
            if (epochs.get(i) <= saved[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
