package io.deltad.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One large {@link MemorySegment} cut into equal chunks. Writers ({@link ChunkWriter}, one per thread) take a
 * whole chunk from the free list and bump-allocate records in it, so writers never contend per record.
 *
 * <p>Reclamation is by reference count per chunk, not per record: every record is born with a number of
 * references (a client delta has two: its outcome, read by the ingesting IoAgent, and its place in a stream or its
 * rejection, owned by the DocAgent). Writers add to {@code written} as they allocate and seal the chunk when it is
 * full; holders release in runs ({@link ChunkReleaser}). A sealed chunk whose releases equal its writes holds
 * nothing anyone can still reach through a stream or an outcome; it goes back to the free list once every reader
 * thread has finished the duty cycle it was in (readers resolve record addresses afresh every cycle, so that is
 * the grace period a reader needs). See {@link #reclaim(ReaderEpochs)}.
 *
 * <p>Thread safety: {@link #acquireChunk()} and {@link #release} from any thread; {@link #reclaim} from one
 * thread (the Conductor).
 */
public final class ChunkStore implements AutoCloseable {
    /** Backing of the store's memory. */
    public enum Backing { ANONYMOUS, FILE, HUGETLBFS }

    private static final int STATE_FREE = 0;
    private static final int STATE_SEALED = 2;
    private static final int STATE_GRACE = 3;
    private static final int NIL = -1;

    private final Arena arena;
    private final MemorySegment segment;
    private final int chunkShift;
    private final int chunkSize;
    private final int chunkCount;

    // Per chunk: written refs (set by the writer at seal), released refs (atomic adds), and, owned by the
    // reclaimer thread alone, the state (FREE covers "being written": sealedFlags says when writing ended).
    private final long[] writtenRefs;
    private final AtomicLongArray releasedRefs;
    private final int[] state;
    /** Reader epochs saved when each chunk entered its grace period: chunk c at [c * readers, (c + 1) * readers). */
    private long[] graceEpochs;

    // Treiber stack of free chunk indices; head = (tag << 32) | index to defeat ABA.
    private final AtomicLong freeHead = new AtomicLong();
    private final int[] nextFree;
    private final AtomicLong freeCount = new AtomicLong();
    private final AtomicLongArray sealedFlags;
    private int reclaimCursor;

    private ChunkStore(final Arena arena, final MemorySegment segment, final int chunkSize) {
        if (Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size must be a power of two: " + chunkSize);
        }
        if (segment.byteSize() % chunkSize != 0 || segment.byteSize() / chunkSize < 2) {
            throw new IllegalArgumentException("store size must be a multiple of the chunk size and hold 2+ chunks");
        }
        this.arena = arena;
        this.segment = segment;
        this.chunkSize = chunkSize;
        this.chunkShift = Integer.numberOfTrailingZeros(chunkSize);
        this.chunkCount = (int) (segment.byteSize() / chunkSize);
        this.writtenRefs = new long[chunkCount];
        this.releasedRefs = new AtomicLongArray(chunkCount);
        this.state = new int[chunkCount];
        this.nextFree = new int[chunkCount];
        this.sealedFlags = new AtomicLongArray(chunkCount);
        freeHead.set(pack(0, NIL));
        for (int i = chunkCount - 1; i >= 0; i--) {
            pushFree(i);
        }
    }

    /** A store in anonymous memory (not durable). */
    public static ChunkStore anonymous(final long sizeBytes, final int chunkSize) {
        final Arena arena = Arena.ofShared();
        return new ChunkStore(arena, arena.allocate(sizeBytes, 4096), chunkSize);
    }

    /** A store mapped from a file (a plain file, or one on a hugetlbfs mount), created or extended to size. */
    public static ChunkStore mapped(final Path file, final long sizeBytes, final int chunkSize) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file,
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, sizeBytes, arena);
            return new ChunkStore(arena, segment, chunkSize);
        } catch (final IOException | RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    public MemorySegment segment() { return segment; }
    public int chunkSize() { return chunkSize; }
    public int chunkCount() { return chunkCount; }
    public long freeChunks() { return freeCount.get(); }

    public int chunkOf(final long address) {
        return (int) (address >>> chunkShift);
    }

    public long chunkBase(final int chunk) {
        return (long) chunk << chunkShift;
    }

    /** Takes a free chunk for a writer, or returns -1 when the store is full. */
    public int acquireChunk() {
        while (true) {
            final long head = freeHead.get();
            final int index = (int) head;
            if (index == NIL) {
                return -1;
            }
            if (freeHead.compareAndSet(head, pack((head >>> 32) + 1, nextFree[index]))) {
                freeCount.decrementAndGet();
                writtenRefs[index] = 0;
                releasedRefs.set(index, 0);
                return index;
            }
        }
    }

    /**
     * The writer is done with a chunk that carries {@code refs} references in all. Publishes with release so the
     * reclaimer sees the count.
     */
    public void seal(final int chunk, final long refs) {
        writtenRefs[chunk] = refs;
        sealedFlags.set(chunk, 1);
    }

    /** Drops {@code refs} references to records in {@code chunk}; from any thread. */
    public void release(final int chunk, final long refs) {
        releasedRefs.getAndAdd(chunk, refs);
    }

    /**
     * Returns fully released chunks to the free list once all readers have moved past the cycle they were in when
     * the chunk was found unreferenced. Call from one thread. Returns how many chunks it freed.
     */
    public int reclaim(final ReaderEpochs readers) {
        return reclaim(readers, chunkCount);
    }

    /**
     * One step of {@link #reclaim(ReaderEpochs)} over at most {@code maxChunks} chunks, continuing where the last step
     * stopped: the reclaiming thread never spends long on it in one go (it shares a CPU with agents on the data path).
     */
    public int reclaim(final ReaderEpochs readers, final int maxChunks) {
        final int readerCount = readers.readers();
        if (graceEpochs == null || graceEpochs.length != chunkCount * readerCount) {
            graceEpochs = new long[chunkCount * readerCount]; // once: no allocation while reclaiming
        }
        int freed = 0;
        for (int i = 0, n = Math.min(maxChunks, chunkCount); i < n; i++) {
            final int chunk = reclaimCursor;
            reclaimCursor = chunk + 1 == chunkCount ? 0 : chunk + 1;
            if (state[chunk] == STATE_FREE && sealedFlags.get(chunk) == 1) {
                state[chunk] = STATE_SEALED;
            }
            if (state[chunk] == STATE_SEALED && releasedRefs.get(chunk) == writtenRefs[chunk]) {
                state[chunk] = STATE_GRACE;
                readers.snapshot(graceEpochs, chunk * readerCount);
            }
            if (state[chunk] == STATE_GRACE && readers.allPassed(graceEpochs, chunk * readerCount)) {
                sealedFlags.set(chunk, 0);
                state[chunk] = STATE_FREE;
                pushFree(chunk);
                freed++;
            }
        }
        return freed;
    }

    /** Releases still outstanding in a chunk (for tests and tools). */
    public long outstandingRefs(final int chunk) {
        return sealedFlags.get(chunk) == 1 ? writtenRefs[chunk] - releasedRefs.get(chunk) : -1;
    }

    private void pushFree(final int index) {
        while (true) {
            final long head = freeHead.get();
            nextFree[index] = (int) head;
            if (freeHead.compareAndSet(head, pack((head >>> 32) + 1, index))) {
                freeCount.incrementAndGet();
                return;
            }
        }
    }

    private static long pack(final long tag, final int index) {
        return (tag << 32) | (index & 0xFFFF_FFFFL);
    }

    @Override
    public void close() {
        arena.close();
    }
}
