package io.deltad.ring;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An Agrona ring buffer in off-heap memory that is also visible as a {@link MemorySegment}, so consumers can lay
 * flyweights over messages in place. One-to-one (SPSC) for the data path, many-to-one for command queues.
 */
public final class Ring {
    private final String name;
    private final MemorySegment memory;
    private final RingBuffer buffer;

    private Ring(final String name, final int capacity, final boolean manyProducers) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two: " + name + " " + capacity);
        }
        this.name = name;
        final int length = capacity + RingBufferDescriptor.TRAILER_LENGTH;
        this.memory = Arena.ofAuto().allocate(length, 64);
        final UnsafeBuffer unsafeBuffer = new UnsafeBuffer(memory.address(), length);
        this.buffer = manyProducers ? new ManyToOneRingBuffer(unsafeBuffer) : new OneToOneRingBuffer(unsafeBuffer);
    }

    /** Single producer, single consumer. */
    public static Ring oneToOne(final String name, final int capacity) {
        return new Ring(name, capacity, false);
    }

    /** Many producers, single consumer. */
    public static Ring manyToOne(final String name, final int capacity) {
        return new Ring(name, capacity, true);
    }

    public String name() { return name; }
    public RingBuffer buffer() { return buffer; }
    /** The ring's memory; message offsets handed to handlers index into it. */
    public MemorySegment memory() { return memory; }
    public int size() { return buffer.size(); }
}
