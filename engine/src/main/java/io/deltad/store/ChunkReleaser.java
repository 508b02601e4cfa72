package io.deltad.store;

/**
 * Drops record references in runs: consecutive releases in the same chunk become one atomic add. Records are
 * released in roughly allocation order (stream trims, outcomes), so runs are long. Not thread safe: one per thread;
 * call {@link #flush()} at the end of each duty cycle.
 */
public final class ChunkReleaser {
    private final ChunkStore store;
    private int chunk = -1;
    private long pending;

    public ChunkReleaser(final ChunkStore store) {
        this.store = store;
    }

    public void release(final long address) {
        final int c = store.chunkOf(address);
        if (c != chunk) {
            flush();
            chunk = c;
        }
        pending++;
    }

    public void flush() {
        if (pending != 0) {
            store.release(chunk, pending);
            pending = 0;
        }
    }
}
