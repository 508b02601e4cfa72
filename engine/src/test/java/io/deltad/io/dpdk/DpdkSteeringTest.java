package io.deltad.io.dpdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.deltad.io.dpdk.DpdkTestSupport.arp;
import static io.deltad.io.dpdk.DpdkTestSupport.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two io agents on one port: a net_ring port with two queue pairs, queue q serving UDP {@code BASE + q}. net_ring has
 * no rte_flow, so the port steers in software: the test puts each datagram on the "wrong" queue's receive ring (as RSS
 * would for half the flows) and checks it reaches its owner, checked there in full, with ARP learnt by both queues
 * but answered once, a full hand-off ring counted, and every mbuf back in its pool.
 */
@Tag("dpdk")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DpdkSteeringTest {
    private static final long OUR_MAC = 0x02_00_00_00_05_01L;
    private static final long PEER_MAC = 0x02_00_00_00_05_02L;
    private static final int OUR_IP = 0x0A_05_00_01;
    private static final int PEER_IP = 0x0A_05_00_02;
    private static final int PEER_PORT = 52_000;
    private static final int BASE = 41_000;
    private static final Ipv4Interface IFACE = new Ipv4Interface(OUR_IP, 24, 0);

    private DpdkTestSupport.RingPort ring;
    private DpdkPort port;
    private DpdkPacketIo q0;
    private DpdkPacketIo q1;

    @BeforeEach
    void open() {
        ring = new DpdkTestSupport.RingPort(OUR_MAC, 2);
        port = DpdkPort.open(ring.name, 2, 4095, 256, 256, true, ring.mac);
        q0 = port.queue(0, IFACE, BASE, 32, 64);
        q1 = port.queue(1, IFACE, BASE + 1, 32, 64);
    }

    @AfterEach
    void close() {
        q0.close();
        q1.close();
    }

    private static byte[] datagram(final int dstPort, final String text) {
        return udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, dstPort, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String payload(final DpdkPacketIo io, final int slot) {
        final byte[] bytes = new byte[io.rx().length(slot)];
        java.lang.foreign.MemorySegment.copy(io.rx().segment(), ValueLayout.JAVA_BYTE, io.rx().slotOffset(slot), bytes, 0,
            bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldFallBackToSoftwareSteeringOnAPortWithoutRteFlow() {
        assertFalse(port.steer(OUR_IP, BASE), "net_ring has no rte_flow");
        assertFalse(port.flowSteering());
        assertTrue(port.steering().startsWith("software (no rte_flow rule for queue 0: "), port.steering());
    }

    @Test
    void shouldHandEachDatagramToTheQueueThatOwnsItsPort() {
        ring.inject(0, datagram(BASE + 1, "for one"));
        ring.inject(1, datagram(BASE, "for zero"));
        assertEquals(0, q0.receive(), "queue 0 keeps nothing of another queue's");
        assertEquals(1, q0.framesHandedOver());
        assertEquals(1, q1.receive(), "queue 1 takes what queue 0 handed over");
        assertEquals("for one", payload(q1, 0));
        assertEquals(PEER_IP, q1.rx().remoteIp(0));
        assertEquals(PEER_PORT, q1.rx().remotePort(0));
        assertEquals(1, q1.framesHandedOver(), "and hands queue 0 its own");
        assertEquals(1, q0.receive());
        assertEquals("for zero", payload(q0, 0));
        assertEquals(PEER_MAC, q1.arpCache().lookup(PEER_IP), "the owner learns the sender from the handed-over frame");
        assertEquals(0, q0.receive() + q1.receive(), "each datagram delivered once");
    }

    @Test
    void shouldCheckHandedOverDatagramsAtTheirOwner() {
        final byte[] bad = datagram(BASE + 1, "corrupt");
        bad[14 + 20 + 8] ^= 0x55; // payload changed under the UDP checksum
        ring.inject(0, bad);
        ring.inject(0, datagram(BASE + 2, "no such queue"));
        assertEquals(0, q0.receive());
        assertEquals(1, q0.drops(DpdkDrop.NOT_FOR_US), "a port past the last queue is nobody's");
        assertEquals(0, q1.receive(), () -> q1.countsText() + " / " + payload(q1, 0));
        assertEquals(1, q1.drops(DpdkDrop.BAD_UDP_CHECKSUM), "the owner checks the checksum, counted once");
        assertEquals(0, q0.drops(DpdkDrop.BAD_UDP_CHECKSUM));
    }

    @Test
    void shouldAnswerArpOnceAndTeachEveryQueue() {
        final int pool1 = DpdkTestSupport.available(q1);
        ring.inject(1, arp(Frames.BROADCAST_MAC, PEER_MAC, 1, PEER_MAC, PEER_IP, 0, OUR_IP));
        q1.receive();
        final byte[] reply = ring.take(1);
        assertNotNull(reply, "the queue that received the request answers it");
        assertEquals(2, ByteBuffer.wrap(reply).getShort(20), "op reply");
        assertNull(ring.take(1));
        assertEquals(-1, q0.arpCache().lookup(PEER_IP));
        q0.receive();
        assertEquals(PEER_MAC, q0.arpCache().lookup(PEER_IP), "queue 0 learnt the requester from the shared copy");
        assertNull(ring.take(0), "and did not answer a second time");
        assertEquals(1, q1.arpRepliesSent() + q0.arpRepliesSent());
        // Queue 0 sends to the peer straight away: no ARP request of its own.
        final int slot = q0.tx().claim();
        q0.tx().commit(slot, 16, PEER_IP, PEER_PORT);
        q0.send();
        final byte[] frame = ring.take(0);
        assertNotNull(frame);
        assertEquals(0x0800, ByteBuffer.wrap(frame).getShort(12) & 0xFFFF, "an IPv4 frame, not an ARP request");
        assertEquals(0, q0.arpRequestsSent());
        assertEquals(pool1, DpdkTestSupport.available(q1), "the copy's mbuf went back to queue 1's pool");
    }

    @Test
    void shouldCountHandOffsAFullRingCouldNotTakeAndLeakNothing() {
        final int pool0 = DpdkTestSupport.available(q0);
        final int pool1 = DpdkTestSupport.available(q1);
        final int injectPool = DpdkTestSupport.injectPoolAvailable();
        final int sent = DpdkPort.HANDOFF_RING + 100;
        int injected = 0;
        while (injected < sent) {
            for (int i = 0; i < 500 && injected < sent; i++, injected++) {
                ring.inject(0, datagram(BASE + 1, "n" + injected));
            }
            while (q0.receive() > 0 || q0.framesIn() < injected) {
                // queue 1 does not run: its ring from queue 0 fills
            }
        }
        final int capacity = DpdkPort.HANDOFF_RING - 1;
        assertEquals(capacity, q0.framesHandedOver());
        assertEquals(sent - capacity, q0.drops(DpdkDrop.HANDOFF_FULL));
        int delivered = 0;
        int n;
        while ((n = q1.receive()) > 0) {
            if (delivered == 0) {
                assertEquals("n0", payload(q1, 0), "in the order they arrived");
            }
            delivered += n;
        }
        assertEquals(capacity, delivered);
        assertEquals(pool0, DpdkTestSupport.available(q0), "queue 0's pool whole");
        assertEquals(pool1, DpdkTestSupport.available(q1), "queue 1's pool whole");
        assertEquals(injectPool, DpdkTestSupport.injectPoolAvailable(), "every received mbuf freed, dropped or delivered");
    }

    @Test
    void shouldTakeAtMostABurstOfHandedOverFramesPerReceiveWithThreeQueues() {
        final DpdkTestSupport.RingPort three = new DpdkTestSupport.RingPort(OUR_MAC, 3);
        final DpdkPort port3 = DpdkPort.open(three.name, 3, 4095, 256, 256, true, three.mac);
        try (DpdkPacketIo a = port3.queue(0, IFACE, BASE, 32, 64);
             DpdkPacketIo b = port3.queue(1, IFACE, BASE + 1, 32, 64);
             DpdkPacketIo c = port3.queue(2, IFACE, BASE + 2, 32, 64)) {
            // Queues 1 and 2 each receive a burst of ARP requests for us: each shares a copy of every one with
            // queue 0 (and with each other), so queue 0 has two bursts waiting on top of its own full RX ring.
            for (int i = 0; i < 32; i++) {
                three.inject(1, arp(Frames.BROADCAST_MAC, PEER_MAC, 1, PEER_MAC, PEER_IP, 0, OUR_IP));
                three.inject(2, arp(Frames.BROADCAST_MAC, PEER_MAC, 1, PEER_MAC, PEER_IP, 0, OUR_IP));
                three.inject(0, datagram(BASE, "d" + i));
            }
            b.receive();
            c.receive();
            int delivered = 0;
            for (int round = 0; round < 10; round++) {
                delivered += a.receive();
                b.receive();
                c.receive();
            }
            assertEquals(32, delivered, "queue 0's own datagrams, after the copies it was handed: " + a.countsText());
            assertEquals(PEER_MAC, a.arpCache().lookup(PEER_IP));
            assertEquals(64, b.arpRepliesSent() + c.arpRepliesSent(), "each request answered once, by its receiver");
            assertEquals(0, a.arpRepliesSent());
        }
    }
}
