package io.deltad.store;

/**
 * Drops record references in bulk: releases are gathered per chunk in a small table and become one atomic add per
 * chunk when the table needs the slot or at {@link #flush()} (end of each duty cycle). Records a thread releases in
 * one cycle (stream trims across many documents, outcomes) sit in a handful of recently written chunks, so a few
 * slots turn thousands of releases into a few atomic adds. Not thread safe: one per thread.
 */
public final class ChunkReleaser {
    private static final int SLOTS = 8;

    private final ChunkStore store;
    private final int[] chunks = new int[SLOTS];
    private final long[] counts = new long[SLOTS];
    private int used;
    private int victim;

    public ChunkReleaser(final ChunkStore store) {
        this.store = store;
    }

    public void release(final long address) {
        final int chunk = store.chunkOf(address);
        for (int i = 0; i < used; i++) {
            if (chunks[i] == chunk) {
                counts[i]++;
                return;
            }
        }
        final int slot;
        if (used < SLOTS) {
            slot = used++;
        } else {
            slot = victim;
            victim = (victim + 1) & (SLOTS - 1);
            store.release(chunks[slot], counts[slot]);
        }
        chunks[slot] = chunk;
        counts[slot] = 1;
    }

    public void flush() {
        for (int i = 0; i < used; i++) {
            store.release(chunks[i], counts[i]);
        }
        used = 0;
        victim = 0;
    }
}
