package io.deltad.stream;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A document's append-only delta stream: an off-heap ring index {@code seq -> record address} in the chunk store.
 * Seqs start at 1 and have no holes. Retained seqs are {@code [firstSeq, lastSeq]}.
 *
 * <p>Single writer (the document's current owner agent) appends and trims; any thread reads. A reader takes
 * {@link #lastSeq()} (acquire), then for each seq in range reads {@link #address(long)} and afterwards confirms with
 * {@link #isRetained(long)} that the slot was not recycled while it read; a record it resolved this way stays valid
 * until the end of its duty cycle (see {@code ChunkStore}).
 *
 * <p>The index grows by doubling up to {@code maxCapacity}; beyond that the owner must trim before it appends.
 */
public final class DeltaStream {
    private static final VarHandle FIRST_SEQ;
    private static final VarHandle NEXT_SEQ;
    private static final VarHandle INDEX;
    /** Slot access with acquire/release so a reader that sees a recycled slot also sees the trim before it. */
    private static final VarHandle SLOT = ValueLayout.JAVA_LONG.arrayElementVarHandle();

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            FIRST_SEQ = lookup.findVarHandle(DeltaStream.class, "firstSeq", long.class);
            NEXT_SEQ = lookup.findVarHandle(DeltaStream.class, "nextSeq", long.class);
            INDEX = lookup.findVarHandle(DeltaStream.class, "index", MemorySegment.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final int maxCapacity;
    @SuppressWarnings("unused") // accessed through FIRST_SEQ
    private long firstSeq = 1;
    @SuppressWarnings("unused") // accessed through NEXT_SEQ
    private long nextSeq = 1;
    @SuppressWarnings("unused") // accessed through INDEX
    private MemorySegment index;
    private long mask;

    public DeltaStream(final int initialCapacity, final int maxCapacity) {
        if (Integer.bitCount(initialCapacity) != 1 || Integer.bitCount(maxCapacity) != 1 || initialCapacity > maxCapacity) {
            throw new IllegalArgumentException("capacities must be powers of two, initial <= max");
        }
        this.maxCapacity = maxCapacity;
        this.index = allocate(initialCapacity);
        this.mask = initialCapacity - 1;
    }

    /** Seq of the first retained delta (== lastSeq + 1 when none is retained). */
    public long firstSeq() {
        return (long) FIRST_SEQ.getAcquire(this);
    }

    /** Seq of the newest delta, 0 before the first. */
    public long lastSeq() {
        return (long) NEXT_SEQ.getAcquire(this) - 1;
    }

    /** Number of retained deltas. Owner only. */
    public long size() {
        return nextSeq - firstSeq;
    }

    /** True when the owner must trim before the next append (the index is at its max capacity). Owner only. */
    public boolean isFull() {
        return nextSeq - firstSeq == maxCapacity && mask + 1 == maxCapacity;
    }

    /** Record address of a retained seq; confirm with {@link #isRetained(long)} after use. */
    public long address(final long seq) {
        final MemorySegment idx = (MemorySegment) INDEX.getAcquire(this);
        return (long) SLOT.getAcquire(idx, 0L, seq & (idx.byteSize() / Long.BYTES - 1));
    }

    public boolean isRetained(final long seq) {
        return seq >= firstSeq() && seq <= lastSeq();
    }

    /**
     * Appends a record; returns its seq. Owner only. The caller must have trimmed when {@link #isFull()}; the
     * record's bytes (including the seq the owner wrote into its frame) must be complete before this call, which
     * publishes them with release.
     */
    public long append(final long address) {
        final long seq = nextSeq;
        if (seq - firstSeq > mask) {
            grow();
        }
        SLOT.setRelease(index, 0L, seq & mask, address);
        NEXT_SEQ.setRelease(this, seq + 1);
        return seq;
    }

    /** Seq the next append will get. Owner only. */
    public long nextSeq() {
        return nextSeq;
    }

    /** Address of the oldest retained record. Owner only; stream must not be empty. */
    public long oldestAddress() {
        return index.getAtIndex(ValueLayout.JAVA_LONG, firstSeq & mask);
    }

    /** Drops the oldest retained record from the stream (the caller releases its chunk reference). Owner only. */
    public void trimOldest() {
        FIRST_SEQ.setRelease(this, firstSeq + 1);
    }

    private void grow() {
        final long capacity = mask + 1;
        if (capacity >= maxCapacity) {
            throw new IllegalStateException("stream full: trim before append");
        }
        final long newCapacity = capacity << 1;
        final MemorySegment bigger = allocate(newCapacity);
        final long newMask = newCapacity - 1;
        for (long seq = firstSeq; seq < nextSeq; seq++) {
            bigger.setAtIndex(ValueLayout.JAVA_LONG, seq & newMask, index.getAtIndex(ValueLayout.JAVA_LONG, seq & mask));
        }
        mask = newMask;
        // Readers that still hold the old index keep reading valid slots for seqs they saw before this point.
        INDEX.setRelease(this, bigger);
    }

    private static MemorySegment allocate(final long capacity) {
        // Arena.ofAuto: an index outgrown is freed by the GC once no reader holds it.
        return Arena.ofAuto().allocate(capacity * Long.BYTES, 64);
    }
}
