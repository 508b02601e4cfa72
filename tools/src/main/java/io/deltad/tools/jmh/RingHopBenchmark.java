package io.deltad.tools.jmh;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one ring hop without the cross-core transfer: a 16-byte message written to an Agrona
 * {@link OneToOneRingBuffer} and read back on the same thread (the engine's IoAgent to DocAgent messages are 8-32
 * bytes). The macro benchmark's baseline measures the same ring across two threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingHopBenchmark {
    private static final int MESSAGE_BYTES = 16;

    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_BYTES));
    private final MessageHandler handler = this::onMessage;
    private OneToOneRingBuffer ring;
    private long sum;
    private long counter;

    @Setup
    public void setUp() {
        ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((64 * 1024) + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Benchmark
    public long writeAndRead() {
        message.putLong(0, ++counter);
        message.putLong(8, counter);
        if (!ring.write(1, message, 0, MESSAGE_BYTES)) {
            throw new IllegalStateException("ring full");
        }
        // No limit: when a write wrapped, the ring holds a padding record before the message and one read stops at
        // the end of the buffer; a limit of 1 would leave a message behind at every wrap until the ring is full.
        ring.read(handler);
        return sum;
    }

    private void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length) {
        sum += buffer.getLong(index);
    }
}
