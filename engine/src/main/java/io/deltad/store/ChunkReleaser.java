package io.deltad.store;

/**
 * Drops record references in bulk: releases are counted per chunk in a table with one slot per chunk of the store
 * and become one atomic add per chunk touched at {@link #flush()} (end of each duty cycle). Trims across thousands
 * of documents hit records written over a wide span of time, so a per-chunk table, not a run or a small cache, is
 * what keeps this at a few atomic adds per cycle. Not thread safe: one per thread.
 */
public final class ChunkReleaser {
    private final ChunkStore store;
    private final long[] pending;
    private final int[] touched;
    private int touchedCount;

    public ChunkReleaser(final ChunkStore store) {
        this.store = store;
        this.pending = new long[store.chunkCount()];
        this.touched = new int[store.chunkCount()];
    }

    public void release(final long address) {
        final int chunk = store.chunkOf(address);
        if (pending[chunk]++ == 0) {
            touched[touchedCount++] = chunk;
        }
    }

    public void flush() {
        for (int i = 0; i < touchedCount; i++) {
            final int chunk = touched[i];
            store.release(chunk, pending[chunk]);
            pending[chunk] = 0;
        }
        touchedCount = 0;
    }
}
