package io.deltad.tools.bench;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline every engine figure is divided by: the raw Agrona {@link OneToOneRingBuffer} hop, one producer thread
 * writing messages of the benchmark's frame size, one consumer thread reading them, for a fixed time. It bounds what
 * any design built on SPSC rings can move between two threads on this machine.
 */
final class RingBaseline {
    private static final int CAPACITY = 1 << 20;

    private RingBaseline() {
    }

    /** Messages per second moved from producer to consumer over {@code durationNs} (after a short warm-up). */
    static double measure(final int messageBytes, final long durationNs, final int producerCpu, final int consumerCpu)
        throws InterruptedException {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(messageBytes));
        final AtomicLong consumed = new AtomicLong();
        final long[] sink = new long[1];
        final Thread consumer = new Thread(() -> {
            ThreadPlacement.pin(consumerCpu);
            long count = 0;
            final org.agrona.concurrent.MessageHandler handler = (type, buffer, index, length) -> sink[0] += buffer.getLong(index);
            while (!Thread.currentThread().isInterrupted()) {
                final int read = ring.read(handler, 256);
                if (read == 0) {
                    Thread.onSpinWait();
                } else {
                    count += read;
                    consumed.lazySet(count);
                }
            }
        }, "baseline-consumer");
        final Thread producer = new Thread(() -> {
            ThreadPlacement.pin(producerCpu);
            long i = 0;
            while (!Thread.currentThread().isInterrupted()) {
                message.putLong(0, i);
                if (ring.write(1, message, 0, messageBytes)) {
                    i++;
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "baseline-producer");
        consumer.start();
        producer.start();
        Thread.sleep(500); // warm-up: JIT, page faults on the ring
        final long startCount = consumed.get();
        final long startNs = System.nanoTime();
        Thread.sleep(durationNs / 1_000_000);
        final long endCount = consumed.get();
        final long endNs = System.nanoTime();
        producer.interrupt();
        consumer.interrupt();
        producer.join();
        consumer.join();
        return (endCount - startCount) * 1e9 / (endNs - startNs);
    }
}
