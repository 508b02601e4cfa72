package io.deltad.tools.jmh;

import io.deltad.bindings.usrsctp.usrsctp_h;
import io.deltad.io.dpdk.Frames;
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

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The per-packet costs behind two choices (docs/SCTP.md, docs/DPDK.md): the SCTP CRC32c by usrsctp's own code
 * against the JDK's {@link CRC32C} (what {@code SctpChecksum} uses), the copy of a packet between off-heap buffers
 * (what {@code SctpChecksum} and {@code DpdkPacketIo} do per packet), and the software Internet checksum of
 * {@code Frames} (DPDK ports without checksum offload). One {@code size}-byte packet per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ChecksumCostBenchmark {
    @Param({"1200"})
    public int size;

    private final ByteBuffer packet = ByteBuffer.allocateDirect(2048);
    private final ByteBuffer target = ByteBuffer.allocateDirect(2048);
    private final MemorySegment packetSegment = MemorySegment.ofBuffer(packet);
    private final MemorySegment targetSegment = MemorySegment.ofBuffer(target);
    private final CRC32C crc = new CRC32C();

    @Setup
    public void setUp() {
        for (int i = 0; i < packet.capacity(); i++) {
            packet.put(i, (byte) (i * 31 + 7));
        }
    }

    @Benchmark
    public int usrsctpCrc32c() {
        return usrsctp_h.usrsctp_crc32c(packetSegment, size);
    }

    @Benchmark
    public long jdkCrc32c() {
        crc.reset();
        packet.clear().limit(size);
        crc.update(packet);
        return crc.getValue();
    }

    @Benchmark
    public byte offHeapCopy() {
        MemorySegment.copy(packetSegment, 0, targetSegment, 0, size);
        return targetSegment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, size - 1);
    }

    @Benchmark
    public long internetChecksum() {
        return Frames.sum(packetSegment, 0, size, 0);
    }
}
