package io.deltad.dtls.sctp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded many-producer, one-consumer queue of SCTP packets that usrsctp emitted for an association on a thread that
 * does not own it (timers run by another agent's {@link SctpStack#handleTimers}). Producers copy the packet into a
 * fixed slot; the owner drains them to its sink in {@link SctpAssociation#drainDeferred()}.
 *
 * <pre>
 *  memory: | slot 0 (slotBytes) | slot 1 | ... | slot capacity-1 |      lengths[i] = 0 means free
 *  tail: claimed by producers with a CAS; head: advanced by the consumer after a slot is emptied
 * </pre>
 *
 * A producer that finds the queue full drops the packet and counts it: it is a lost packet to SCTP, which retransmits;
 * blocking usrsctp's timer thread for another agent would be worse.
 */
final class SctpDeferredQueue implements AutoCloseable {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle LENGTHS = MethodHandles.arrayElementVarHandle(int[].class);

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(SctpDeferredQueue.class, "head", long.class);
            TAIL = lookup.findVarHandle(SctpDeferredQueue.class, "tail", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final int capacity;
    private final int mask;
    private final int slotBytes;
    private final MemorySegment[] slots;
    private final int[] lengths;
    private final AtomicLong fullDrops = new AtomicLong();
    private final AtomicLong tooBigDrops = new AtomicLong();
    @SuppressWarnings("unused") // accessed through HEAD
    private long head;
    @SuppressWarnings("unused") // accessed through TAIL
    private long tail;

    SctpDeferredQueue(final int packets, final int slotBytes) {
        this.capacity = Integer.highestOneBit(Math.max(1, packets - 1)) << 1;
        this.mask = capacity - 1;
        this.slotBytes = slotBytes;
        final MemorySegment memory = arena.allocate((long) capacity * slotBytes, 64);
        this.slots = new MemorySegment[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = memory.asSlice((long) i * slotBytes, slotBytes);
        }
        this.lengths = new int[capacity];
    }

    /** Any thread: copies {@code lengthBytes} from {@code source} at {@code address}; false if dropped (counted). */
    boolean offer(final MemorySegment source, final long address, final int lengthBytes) {
        if (lengthBytes > slotBytes) {
            tooBigDrops.incrementAndGet();
            return false;
        }
        while (true) {
            final long t = (long) TAIL.getVolatile(this);
            if (t - (long) HEAD.getAcquire(this) >= capacity) {
                fullDrops.incrementAndGet();
                return false;
            }
            if (TAIL.compareAndSet(this, t, t + 1)) {
                final int slot = (int) (t & mask);
                MemorySegment.copy(source, address, slots[slot], 0, lengthBytes);
                LENGTHS.setRelease(lengths, slot, lengthBytes);
                return true;
            }
        }
    }

    /** Owner thread: hands up to {@code limit} parked packets to {@code sink}, oldest first; returns how many. */
    int drain(final SctpPacketSink sink, final int limit) {
        long h = (long) HEAD.getOpaque(this);
        int drained = 0;
        while (drained < limit) {
            final int slot = (int) (h & mask);
            final int length = (int) LENGTHS.getAcquire(lengths, slot);
            if (length == 0) {
                break; // empty, or claimed and still being copied: next drain
            }
            try {
                sink.onSctpPacket(slots[slot], length);
            } finally {
                LENGTHS.setRelease(lengths, slot, 0);
                h++;
                HEAD.setRelease(this, h);
            }
            drained++;
        }
        return drained;
    }

    /** Any thread: true if a packet may be waiting (a hint; {@link #drain} is the truth). */
    boolean isEmpty() {
        return (long) HEAD.getAcquire(this) == (long) TAIL.getAcquire(this);
    }

    long fullDrops() {
        return fullDrops.get();
    }

    long tooBigDrops() {
        return tooBigDrops.get();
    }

    int capacity() {
        return capacity;
    }

    /** Owner thread, at association close. A producer still copying gets an {@link IllegalStateException} (caught). */
    @Override
    public void close() {
        arena.close();
    }
}
