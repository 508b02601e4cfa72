package io.deltad.tools.jmh;

import io.deltad.stream.DeltaStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A document's stream in steady state: it is at its capacity, so every append first trims the oldest record
 * ({@link DeltaStream#isFull()}, {@link DeltaStream#trimOldest()}, {@link DeltaStream#append(long)}), as the DocAgent
 * does. The stream is filled in setup, so the index never grows during measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamAppendBenchmark {
    @Param({"1024"})
    int capacity;

    private DeltaStream stream;
    private long address;

    @Setup
    public void setUp() {
        stream = new DeltaStream(capacity, capacity);
        for (int i = 0; i < capacity; i++) {
            stream.append(address += 96);
        }
    }

    @Benchmark
    public long appendAtCapacity() {
        if (stream.isFull()) {
            stream.trimOldest();
        }
        address += 96;
        return stream.append(address);
    }
}
