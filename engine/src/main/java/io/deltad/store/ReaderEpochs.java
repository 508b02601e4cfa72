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

    long[] snapshot(final long[] reuse) {
        final long[] snapshot = reuse != null && reuse.length == epochs.length() ? reuse : new long[epochs.length()];
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = epochs.get(i);
        }
        return snapshot;
    }

    boolean allPassed(final long[] snapshot) {
        for (int i = 0; i < snapshot.length; i++) {
            if (epochs.get(i) <= snapshot[i]) {
                return false;
            }
        }
        return true;
    }
}
