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
    private final org.agrona.concurrent.AtomicBuffer ringMemory;
    private final int batchMax;
    private int batchIndex = -1;
    private int batchCount;

    public RingSender(final Ring ring, final AtomicCounter ringFull) {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.ringFull = ringFull;
        this.ringMemory = buffer.buffer();
        this.batchMax = Math.min(Messages.DELTA_BATCH_MAX, (buffer.maxMsgLength() - Messages.DELTA_BATCH_FIRST) / Long.BYTES);
    }

    public Ring ring() { return ring; }

    /** True when nothing waits in the overflow: a caller that may refuse work (BUSY) checks this first. */
    public boolean isClear() {
        return overflow.isEmpty();
    }

    /**
     * Adds one value to the open {@link Messages#DELTA_BATCH} message, claiming a new one in the ring when none is
     * open or the open one is full. The batch becomes visible to the consumer at {@link #commitBatch()}, which the
     * producer calls before the end of its duty cycle (and which every other write here does first, to keep order).
     * Returns false, counted as ring full, when the ring has no room or control messages are queued.
     */
    public boolean appendToBatch(final long value) {
        if (batchIndex < 0 || batchCount == batchMax) {
            commitBatch();
            if (!overflow.isEmpty()) {
                ringFull.incrementRelease();
                return false;
            }
            final int index = buffer.tryClaim(Messages.DELTA_BATCH, Messages.DELTA_BATCH_FIRST + batchMax * Long.BYTES);
            if (index < 0) {
                ringFull.incrementRelease();
                return false;
            }
            batchIndex = index;
            batchCount = 0;
        }
        ringMemory.putLong(batchIndex + Messages.DELTA_BATCH_FIRST + batchCount * Long.BYTES, value);
        batchCount++;
        return true;
    }

    /** Publishes the open batch, if any. */
    public void commitBatch() {
        if (batchIndex >= 0) {
            ringMemory.putInt(batchIndex + Messages.DELTA_BATCH_COUNT, batchCount);
            buffer.commit(batchIndex);
            batchIndex = -1;
        }
    }

    /** Writes directly when possible; returns false without queueing when the ring is full or overflowing. */
    public boolean tryWrite(final int msgTypeId, final DirectBuffer src, final int offset, final int length) {
        commitBatch();
        if (!overflow.isEmpty() || !buffer.write(msgTypeId, src, offset, length)) {
            ringFull.incrementRelease();
            return false;
        }
        return true;
    }

    /** Writes, or queues behind earlier messages when the ring is full; never loses the message. */
    public void send(final int msgTypeId, final DirectBuffer src, final int offset, final int length) {
        commitBatch();
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
        commitBatch();
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
