package io.deltad.ring;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayDeque;

/**
 * Producer side of a ring for messages that must not be lost (control messages): when the ring is full, messages
 * wait in an overflow queue, in order, and every later message queues behind them until {@link #flush()} drains
 * it. The overflow only allocates while the ring is full, and each time that happens is counted.
 * Not thread safe: one per producing thread.
 */
public final class RingSender {
    private final Ring ring;
    private final RingBuffer buffer;
    private final AtomicCounter ringFull;
    private final ArrayDeque<byte[]> overflow = new ArrayDeque<>();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[0]);

    public RingSender(final Ring ring, final AtomicCounter ringFull) {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.ringFull = ringFull;
    }

    public Ring ring() { return ring; }

    /** True when nothing waits in the overflow: a caller that may refuse work (BUSY) checks this first. */
    public boolean isClear() {
        return overflow.isEmpty();
    }

    /** Writes directly when possible; returns false without queueing when the ring is full or overflowing. */
    public boolean tryWrite(final int msgTypeId, final DirectBuffer src, final int offset, final int length) {
        if (!overflow.isEmpty() || !buffer.write(msgTypeId, src, offset, length)) {
            ringFull.incrementRelease();
            return false;
        }
        return true;
    }

    /** Writes, or queues behind earlier messages when the ring is full; never loses the message. */
    public void send(final int msgTypeId, final DirectBuffer src, final int offset, final int length) {
        if (overflow.isEmpty() && buffer.write(msgTypeId, src, offset, length)) {
            return;
        }
        ringFull.incrementRelease();
        final byte[] copy = new byte[length + Integer.BYTES];
        scratch.wrap(copy);
        scratch.putInt(0, msgTypeId);
        src.getBytes(offset, copy, Integer.BYTES, length);
        overflow.addLast(copy);
    }

    /** Moves queued messages into the ring while it has room; returns how many moved. */
    public int flush() {
        int moved = 0;
        while (!overflow.isEmpty()) {
            final byte[] head = overflow.peekFirst();
            scratch.wrap(head);
            if (!buffer.write(scratch.getInt(0), scratch, Integer.BYTES, head.length - Integer.BYTES)) {
                break;
            }
            overflow.pollFirst();
            moved++;
        }
        return moved;
    }

    public int overflowDepth() {
        return overflow.size();
    }
}
