package io.deltad.io.dpdk;

import com.sun.management.ThreadMXBean;
import io.deltad.io.packet.DatagramBurst;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No allocation per burst after warm-up (STYLE: hot path), measured with the thread's allocated-bytes counter: on
 * net_null (RX of the driver's frames, all dropped; TX of full bursts), on two net_ring ports back to back (the whole
 * parse and build path with datagrams delivered both ways), and with every datagram handed from one queue to another
 * (software steering).
 */
@Tag("dpdk")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DpdkAllocationTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 20_000;
    /** Slack for the measurement itself; a per-burst allocation would be at least MEASURED * 16 bytes. */
    private static final long SLACK_BYTES = 4096;

    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Runs {@code step} WARMUP times, then MEASURED times: the bytes the thread allocated over the measured ones. */
    private static long allocatedOverMeasuredSteps(final Runnable step) {
        for (int i = 0; i < WARMUP; i++) {
            step.run();
        }
        final long before = allocated();
        for (int i = 0; i < MEASURED; i++) {
            step.run();
        }
        return allocated() - before;
    }

    private static void fill(final DatagramBurst tx, final int ip, final int port) {
        while (!tx.isFull()) {
            final int slot = tx.claim();
            tx.segment().set(ValueLayout.JAVA_LONG, tx.slotOffset(slot), slot);
            tx.commit(slot, 200, ip, port);
        }
    }

    @Test
    void shouldNotAllocatePerBurstOnNetNull() {
        DpdkTestSupport.eal();
        final int peer = 0x0A_03_00_02;
        try (DpdkPacketIo io = DpdkTestSupport.open("net_null0", new Ipv4Interface(0x0A_03_00_01, 24, 0), 9000, -1)) {
            io.arpCache().learn(peer, 0x02_00_00_00_03_02L, System.nanoTime(), true);
            final long bytes = allocatedOverMeasuredSteps(() -> {
                io.receive();
                fill(io.tx(), peer, 9001);
                io.send();
            });
            assertTrue(bytes < SLACK_BYTES, "allocated " + bytes + " bytes over " + MEASURED + " bursts");
            assertTrue(io.framesIn() > 0, "net_null delivered frames");
            assertEquals(io.framesIn(), io.drops(DpdkDrop.NOT_OUR_MAC) + io.drops(DpdkDrop.WRONG_ETHERTYPE)
                + io.drops(DpdkDrop.RUNT), "its zero-filled frames are not ours");
            assertEquals((long) (WARMUP + MEASURED) * io.tx().capacity(), io.datagramsOut());
            assertEquals(0, io.sendDrops());
        }
    }

    @Test
    void shouldNotAllocatePerBurstOnRingsBackToBack() {
        final var ringA = DpdkTestSupport.RingPort.ring("ddza");
        final var ringB = DpdkTestSupport.RingPort.ring("ddzb");
        final var portA = new DpdkTestSupport.RingPort(0x02_00_00_00_0C_01L, ringA, ringB);
        final var portB = new DpdkTestSupport.RingPort(0x02_00_00_00_0D_01L, ringB, ringA);
        final int ipA = 0x0A_04_00_01;
        final int ipB = 0x0A_04_00_02;
        try (DpdkPacketIo a = DpdkTestSupport.open(portA, new Ipv4Interface(ipA, 24, 0), 7100);
             DpdkPacketIo b = DpdkTestSupport.open(portB, new Ipv4Interface(ipB, 24, 0), 7101)) {
            final long bytes = allocatedOverMeasuredSteps(() -> exchange(a, b, ipA, ipB));
            assertTrue(bytes < SLACK_BYTES, "allocated " + bytes + " bytes over " + MEASURED + " exchanges");
            assertEquals((long) (WARMUP + MEASURED - 1) * a.tx().capacity(), b.datagramsIn(),
                "every datagram arrived but the first burst's (sent before ARP resolved B)");
            assertEquals(0, a.sendDrops() - a.drops(DpdkDrop.TX_UNRESOLVED));
        }
    }

    @Test
    void shouldNotAllocatePerBurstWhenQueuesHandDatagramsOver() {
        // Port A (one queue) sends to queue 1's UDP port of port B (two queues), whose datagrams all land on B's queue 0
        // (its RX ring is A's TX ring): queue 0 hands every one to queue 1 through the software steering ring.
        final var ringA = DpdkTestSupport.RingPort.ring("ddha");
        final var ringB = DpdkTestSupport.RingPort.ring("ddhb");
        final var portA = new DpdkTestSupport.RingPort(0x02_00_00_00_0E_01L, ringA, ringB);
        final var portB = new DpdkTestSupport.RingPort(0x02_00_00_00_0F_01L, ringB, ringA, 2);
        final int ipA = 0x0A_06_00_01;
        final int ipB = 0x0A_06_00_02;
        final Ipv4Interface netB = new Ipv4Interface(ipB, 24, 0);
        final DpdkPort b = DpdkPort.open(portB.name, 2, 2047, 256, 256, true, portB.mac);
        try (DpdkPacketIo a = DpdkTestSupport.open(portA, new Ipv4Interface(ipA, 24, 0), 7200);
             DpdkPacketIo b0 = b.queue(0, netB, 7300, 32, 64);
             DpdkPacketIo b1 = b.queue(1, netB, 7301, 32, 64)) {
            final long bytes = allocatedOverMeasuredSteps(() -> handOver(a, b0, b1, ipB));
            assertTrue(bytes < SLACK_BYTES, "allocated " + bytes + " bytes over " + MEASURED + " bursts handed over");
            assertEquals((long) (WARMUP + MEASURED - 1) * a.tx().capacity(), b1.datagramsIn(),
                "every datagram reached queue 1 but the first burst's (sent before ARP resolved B)");
            assertEquals(0, b0.datagramsIn(), "none kept by queue 0");
            assertEquals(0, b0.drops(DpdkDrop.HANDOFF_FULL));
        }
    }

    private static void handOver(final DpdkPacketIo a, final DpdkPacketIo b0, final DpdkPacketIo b1, final int ipB) {
        fill(a.tx(), ipB, 7301);
        a.send();
        b0.receive();
        b1.receive();
        a.receive();
    }

    private static void exchange(final DpdkPacketIo a, final DpdkPacketIo b, final int ipA, final int ipB) {
        fill(a.tx(), ipB, 7101);
        a.send();
        b.receive();
        fill(b.tx(), ipA, 7100);
        b.send();
        a.receive();
    }
}
