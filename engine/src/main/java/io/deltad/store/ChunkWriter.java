package io.deltad.store;

/**
 * Bump allocator over the {@link ChunkStore} for one writer thread. Not thread safe: one per writer.
 */
public final class ChunkWriter {
    private final ChunkStore store;
    private int chunk = -1;
    private long next;
    private long limit;
    private long refs;

    public ChunkWriter(final ChunkStore store) {
        this.store = store;
    }

    /**
     * Reserves {@code recordLength} bytes (rounded up to 8) carrying {@code refs} references and returns the
     * record's address in the store, or -1 when the store has no free chunk (the caller answers BUSY and counts
     * it) or the record can never fit a chunk.
     */
    public long allocate(final int recordLength, final int refs) {
        final int aligned = RecordLayout.alignedLength(recordLength);
        if (next + aligned > limit) {
            if (aligned > store.chunkSize() || !nextChunk()) {
                return -1;
            }
        }
        final long address = next;
        next += aligned;
        this.refs += refs;
        return address;
    }

    /** Seals the current chunk so it can be reclaimed once released; for shutdown and tests. */
    public void sealCurrent() {
        if (chunk >= 0) {
            store.seal(chunk, refs);
            chunk = -1;
            next = 0;
            limit = 0;
            refs = 0;
        }
    }

    private boolean nextChunk() {
        final int fresh = store.acquireChunk();
        if (fresh < 0) {
            return false;
        }
        sealCurrent();
        chunk = fresh;
        next = store.chunkBase(fresh);
        limit = next + store.chunkSize();
        refs = 0;
        return true;
    }
}
