package io.deltad.tools.jmh;

import io.deltad.io.packet.UdpPacketIo;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * One TX burst through kernel UDP on loopback and back out of the receiving socket, on one thread: {@code burst}
 * datagrams of {@code size} bytes to one peer (a session's SCTP packets in a duty cycle) sent by
 * {@link UdpPacketIo#send()} with UDP GSO on or off, then read by the peer's {@code recvmmsg} until all arrived.
 * The time per operation is the kernel's cost of the burst both ways (loopback runs the receive in the sender's
 * softirq); the {@code gso} pair in one run is the A/B of {@code [webrtc] gso}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UdpBurstBenchmark {
    @Param({"true", "false"})
    public boolean gso;
    @Param({"1200"})
    public int size;
    @Param({"32"})
    public int burst;

    private UdpPacketIo sender;
    private UdpPacketIo receiver;
    private int receiverPort;
    private long lost;

    @Setup
    public void setUp() {
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        sender = new UdpPacketIo(loopback, 0, burst, 8 << 20, gso);
        receiver = new UdpPacketIo(loopback, 0, burst, 8 << 20, false);
        receiverPort = receiver.localAddress().getPort();
        if (gso && !sender.gso()) {
            throw new IllegalStateException("this kernel has no UDP GSO");
        }
    }

    @TearDown
    public void tearDown() {
        sender.close();
        receiver.close();
        if (lost > 0) {
            System.out.println("datagrams not received: " + lost);
        }
    }

    @Benchmark
    public int sendAndReceiveBurst() {
        for (int i = 0; i < burst; i++) {
            sender.tx().commit(sender.tx().claim(), size, 0x7F000001, receiverPort);
        }
        sender.send();
        int received = 0;
        for (int spins = 0; received < burst && spins < 1_000; spins++) {
            received += receiver.receive();
        }
        lost += burst - received;
        return received;
    }
}
