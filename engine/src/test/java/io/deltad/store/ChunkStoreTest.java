package io.deltad.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkStoreTest {
    @Test
    void shouldReturnMinusOneWhenStoreIsFull() {
        try (ChunkStore store = ChunkStore.anonymous(4 * 65536, 65536)) {
            final ChunkWriter writer = new ChunkWriter(store);
            int records = 0;
            while (writer.allocate(1000, 1) >= 0) {
                records++;
            }
            assertEquals(4 * (65536 / 1000), records, "whole chunks filled, then refused");
            assertEquals(0, store.freeChunks());
            assertEquals(-1, writer.allocate(65536 + 8, 1), "a record larger than a chunk never fits");
        }
    }

    @Test
    void shouldReuseChunkOnlyAfterAllReferencesReleasedAndReadersMovedOn() {
        try (ChunkStore store = ChunkStore.anonymous(2 * 65536, 65536)) {
            final ReaderEpochs readers = new ReaderEpochs(1);
            final ChunkWriter writer = new ChunkWriter(store);
            final ChunkReleaser releaser = new ChunkReleaser(store);
            final long first = writer.allocate(40_000, 2);
            final long second = writer.allocate(40_000, 2); // does not fit: second chunk, first is sealed
            assertNotEquals(store.chunkOf(first), store.chunkOf(second));
            assertEquals(-1, writer.allocate(40_000, 2), "both chunks in use");

            releaser.release(first);
            releaser.flush();
            assertEquals(0, store.reclaim(readers), "one reference still held");
            releaser.release(first);
            releaser.flush();
            assertEquals(0, store.reclaim(readers), "a reader may still be in the cycle that saw it");
            readers.advance(0);
            assertEquals(1, store.reclaim(readers));
            final long third = writer.allocate(40_000, 2);
            assertEquals(store.chunkOf(first), store.chunkOf(third), "the freed chunk is reused");
        }
    }

    @Test
    void shouldKeepFreeListConsistentUnderConcurrentAcquire() throws Exception {
        try (ChunkStore store = ChunkStore.anonymous(256 * 65536, 65536)) {
            final int[][] got = new int[4][];
            final Thread[] threads = new Thread[4];
            for (int t = 0; t < 4; t++) {
                final int id = t;
                threads[t] = new Thread(() -> {
                    final int[] mine = new int[256];
                    int n = 0;
                    int chunk;
                    while ((chunk = store.acquireChunk()) >= 0) {
                        mine[n++] = chunk;
                    }
                    got[id] = java.util.Arrays.copyOf(mine, n);
                });
                threads[t].start();
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            final java.util.BitSet seen = new java.util.BitSet();
            int total = 0;
            for (final int[] chunks : got) {
                for (final int c : chunks) {
                    assertTrue(!seen.get(c), "chunk " + c + " handed out twice");
                    seen.set(c);
                    total++;
                }
            }
            assertEquals(256, total);
        }
    }
}
