package io.deltad.io.dpdk;

import io.deltad.io.packet.DatagramBurst;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.deltad.io.dpdk.DpdkTestSupport.arp;
import static io.deltad.io.dpdk.DpdkTestSupport.checksumsValid;
import static io.deltad.io.dpdk.DpdkTestSupport.getMac;
import static io.deltad.io.dpdk.DpdkTestSupport.ipChecksum;
import static io.deltad.io.dpdk.DpdkTestSupport.udp;
import static io.deltad.io.dpdk.DpdkTestSupport.udpChecksum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DpdkPacketIo on a real net_ring port (EAL without hugepages or PCI): frames crafted by the test go in on the port's
 * receive ring, what the port transmits is read from its transmit ring. ARP, the UDP receive path with the sender's
 * address, every packet-level bad input of BAD_INPUTS 38-39 dropped and counted with nothing leaked, and transmitted
 * frames with checksums a receiver accepts.
 */
@Tag("dpdk")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DpdkRingPacketIoTest {
    static final long OUR_MAC = 0x02_00_00_00_00_01L;
    static final long PEER_MAC = 0x02_00_00_00_00_02L;
    static final int OUR_IP = 0x0A_01_00_01; // 10.1.0.1
    static final int PEER_IP = 0x0A_01_00_02;
    static final int OTHER_IP = 0x0A_01_00_63;
    static final int OUR_PORT = 40_000;
    static final int PEER_PORT = 51_000;
    static final Ipv4Interface IFACE = new Ipv4Interface(OUR_IP, 24, 0x0A_01_00_FE);

    private DpdkTestSupport.RingPort ring;
    private DpdkPacketIo io;
    private int poolFull;

    @BeforeAll
    void open() {
        ring = new DpdkTestSupport.RingPort(OUR_MAC);
        io = DpdkTestSupport.open(ring, IFACE, OUR_PORT);
        poolFull = DpdkTestSupport.available(io);
    }

    @AfterAll
    void close() {
        if (io != null) {
            io.close();
        }
    }

    @BeforeEach
    void drain() {
        io.receive();
        while (ring.take() != null) {
            // frames a previous test left on the transmit ring
        }
    }

    private static byte[] payload(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswerArpRequestForOurAddress() {
        ring.inject(arp(Frames.BROADCAST_MAC, PEER_MAC, 1, PEER_MAC, PEER_IP, 0, OUR_IP));
        assertEquals(0, io.receive(), "ARP is not a datagram");
        final byte[] reply = ring.take();
        assertNotNull(reply, "an ARP reply went out");
        final ByteBuffer b = ByteBuffer.wrap(reply);
        assertEquals(42, reply.length);
        assertEquals(PEER_MAC, getMac(b, 0), "to the requester");
        assertEquals(OUR_MAC, getMac(b, 6));
        assertEquals(0x0806, b.getShort(12) & 0xFFFF);
        assertEquals(2, b.getShort(20), "op reply");
        assertEquals(OUR_MAC, getMac(b, 22), "sender hardware address: ours");
        assertEquals(OUR_IP, b.getInt(28));
        assertEquals(PEER_MAC, getMac(b, 32));
        assertEquals(PEER_IP, b.getInt(38));
        assertEquals(PEER_MAC, io.arpCache().lookup(PEER_IP), "the requester is learnt (RFC 826)");
        assertEquals(poolFull, DpdkTestSupport.available(io), "the request's mbuf became the reply: nothing leaked");
    }

    @Test
    void shouldIgnoreArpForOtherAddressesAndBoundTheCache() {
        final long before = io.drops(DpdkDrop.ARP_IGNORED);
        final long strangerMac = 0x02_00_00_00_00_4DL;
        ring.inject(arp(Frames.BROADCAST_MAC, strangerMac, 1, strangerMac, 0x0A_01_00_4D, 0, OTHER_IP));
        io.receive();
        assertNull(ring.take(), "no reply for another host's address");
        assertEquals(-1, io.arpCache().lookup(0x0A_01_00_4D), "and nothing learnt from it");
        assertEquals(before + 1, io.drops(DpdkDrop.ARP_IGNORED));

        // A gratuitous-ARP storm from 5000 addresses: none is added (only entries we hold are refreshed).
        final int sizeBefore = io.arpCache().size();
        for (int i = 0; i < 5000; i++) {
            final int ip = 0x0A_01_00_00 | (i % 200 + 3);
            ring.inject(arp(Frames.BROADCAST_MAC, 0x0200_0000_1000L + i, 1, 0x0200_0000_1000L + i, ip, 0, ip));
            if (i % 32 == 31) {
                io.receive();
            }
        }
        io.receive();
        assertEquals(sizeBefore, io.arpCache().size(), "gratuitous ARP adds nothing");
        assertNull(ring.take());

        // Requests for us from 5000 spoofed senders: each is answered, the cache stays within its capacity.
        for (int i = 0; i < 5000; i++) {
            final int ip = 0x0A_01_00_00 | (i % 250 + 3);
            ring.inject(arp(Frames.BROADCAST_MAC, 0x0200_0000_2000L + i, 1, 0x0200_0000_2000L + i, ip, 0, OUR_IP));
            if (i % 32 == 31) {
                io.receive();
                while (ring.take() != null) {
                    // replies
                }
            }
        }
        io.receive();
        while (ring.take() != null) {
            // replies
        }
        assertTrue(io.arpCache().size() <= io.arpCache().capacity(), "bounded: " + io.arpCache().size());
        assertTrue(io.arpCache().evictions() > 0, "a full cache evicts the oldest entry");
        assertEquals(poolFull, DpdkTestSupport.available(io), "no mbuf leaked");
    }

    @Test
    void shouldReceiveUdpPayloadWithTheSendersAddress() {
        final byte[] body = payload("delta over dpdk");
        ring.inject(udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, OUR_PORT, body));
        ring.inject(udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT + 1, OUR_IP, OUR_PORT, payload("second")));
        assertEquals(2, io.receive());
        final DatagramBurst rx = io.rx();
        assertEquals(body.length, rx.length(0));
        assertArrayEquals(body, rx.segment().asSlice(rx.slotOffset(0), rx.length(0)).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(PEER_IP, rx.remoteIp(0));
        assertEquals(PEER_PORT, rx.remotePort(0));
        assertEquals(PEER_PORT + 1, rx.remotePort(1));
        assertEquals(PEER_MAC, io.arpCache().lookup(PEER_IP), "on-link sender's MAC learnt from its frame");
        assertEquals(poolFull, DpdkTestSupport.available(io));
    }

    @Test
    void shouldAcceptUdpWithoutChecksumAndEthernetPadding() {
        final byte[] frame = udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, OUR_PORT, payload("x"));
        frame[14 + 20 + 6] = 0;
        frame[14 + 20 + 7] = 0; // IPv4 allows "no checksum"; the frame is padded to 60 bytes
        ring.inject(frame);
        assertEquals(1, io.receive());
        assertEquals(1, io.rx().length(0));
    }

    /** BAD_INPUTS 38 (and the other reasons a frame is not ours): each dropped, counted under its reason, no leak. */
    @Test
    void shouldDropAndCountEachBadFrame() {
        final byte[] good = udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, OUR_PORT, payload("0123456789abcdef"));
        final Map<DpdkDrop, byte[]> cases = DpdkTestSupport.badFrames(good, OUR_IP);
        final byte[] arpShort = Arrays.copyOf(arp(Frames.BROADCAST_MAC, PEER_MAC, 1, PEER_MAC, PEER_IP, 0, OUR_IP), 30);
        for (final Map.Entry<DpdkDrop, byte[]> c : cases.entrySet()) {
            final long before = io.drops(c.getKey());
            ring.inject(c.getValue());
            assertEquals(0, io.receive(), c.getKey() + " delivered nothing");
            assertEquals(before + 1, io.drops(c.getKey()), c.getKey() + " counted");
            assertNull(ring.take(), c.getKey() + " answered nothing");
        }
        final long runts = io.drops(DpdkDrop.RUNT);
        ring.inject(arpShort);
        io.receive();
        assertEquals(runts + 1, io.drops(DpdkDrop.RUNT), "truncated ARP is a runt");

        // Not our address, or not our port.
        final long notForUs = io.drops(DpdkDrop.NOT_FOR_US);
        ring.inject(udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OTHER_IP, OUR_PORT, payload("x")));
        ring.inject(udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, OUR_PORT + 1, payload("x")));
        assertEquals(0, io.receive());
        assertEquals(notForUs + 2, io.drops(DpdkDrop.NOT_FOR_US));

        // IHL pointing past the frame; a fragment by offset alone.
        final byte[] ihl15 = Arrays.copyOf(good, 14 + 40);
        ihl15[14] = 0x4F;
        final long badIhl = io.drops(DpdkDrop.BAD_IHL);
        ring.inject(ihl15);
        io.receive();
        assertEquals(badIhl + 1, io.drops(DpdkDrop.BAD_IHL));
        final byte[] offset = good.clone();
        ByteBuffer.wrap(offset).putShort(20, (short) 0x4001);
        ipChecksum(offset);
        final long fragments = io.drops(DpdkDrop.FRAGMENT);
        ring.inject(offset);
        io.receive();
        assertEquals(fragments + 1, io.drops(DpdkDrop.FRAGMENT));

        // The good frame still goes through after all that, and every mbuf went back to the pool.
        ring.inject(good);
        assertEquals(1, io.receive());
        assertEquals(poolFull, DpdkTestSupport.available(io), "no mbuf leaked");
    }

    @Test
    void shouldAcceptIpv4Options() {
        // IHL 6: four bytes of options (a no-op list) shift the UDP header.
        final byte[] plain = udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, OUR_PORT, payload("opts"));
        final byte[] withOptions = new byte[plain.length + 4];
        System.arraycopy(plain, 0, withOptions, 0, 34);
        withOptions[34] = 1;
        withOptions[35] = 1;
        withOptions[36] = 1;
        withOptions[37] = 0;
        System.arraycopy(plain, 34, withOptions, 38, plain.length - 34);
        withOptions[14] = 0x46;
        ByteBuffer.wrap(withOptions).putShort(16, (short) (24 + 8 + 4));
        ipChecksum(withOptions);
        udpChecksum(withOptions);
        ring.inject(withOptions);
        assertEquals(1, io.receive());
        assertEquals(4, io.rx().length(0));
    }

    @Test
    void shouldSendFramesAKernelWouldAcceptOnceTheNextHopIsKnown() {
        final int unknownPeer = 0x0A_01_00_21;
        final DatagramBurst tx = io.tx();
        final byte[] body = payload("hello from the appliance");
        int slot = tx.claim();
        MemorySegment.copy(body, 0, tx.segment(), ValueLayout.JAVA_BYTE, tx.slotOffset(slot), body.length);
        tx.commit(slot, body.length, unknownPeer, PEER_PORT);
        final long unresolved = io.drops(DpdkDrop.TX_UNRESOLVED);
        io.send();
        assertEquals(unresolved + 1, io.drops(DpdkDrop.TX_UNRESOLVED), "unresolved next hop: dropped, counted");
        final byte[] request = ring.take();
        assertNotNull(request, "an ARP request went out instead");
        final ByteBuffer r = ByteBuffer.wrap(request);
        assertEquals(Frames.BROADCAST_MAC, getMac(r, 0));
        assertEquals(1, r.getShort(20), "op request");
        assertEquals(unknownPeer, r.getInt(38), "for the peer");
        assertEquals(OUR_IP, r.getInt(28));

        // The reply arrives; the next datagram goes out as Ethernet/IPv4/UDP with valid checksums.
        final long peerMac = 0x02_00_00_00_00_21L;
        ring.inject(arp(OUR_MAC, peerMac, 2, peerMac, unknownPeer, OUR_MAC, OUR_IP));
        io.receive();
        assertEquals(peerMac, io.arpCache().lookup(unknownPeer));
        slot = tx.claim();
        MemorySegment.copy(body, 0, tx.segment(), ValueLayout.JAVA_BYTE, tx.slotOffset(slot), body.length);
        tx.commit(slot, body.length, unknownPeer, PEER_PORT);
        io.send();
        final byte[] frame = ring.take();
        assertNotNull(frame);
        final ByteBuffer f = ByteBuffer.wrap(frame);
        assertEquals(14 + 20 + 8 + body.length, frame.length);
        assertEquals(peerMac, getMac(f, 0));
        assertEquals(OUR_MAC, getMac(f, 6));
        assertEquals(0x0800, f.getShort(12));
        assertEquals(0x45, frame[14]);
        assertEquals(28 + body.length, f.getShort(16));
        assertEquals(0x4000, f.getShort(20), "DF, no fragment offset");
        assertEquals(17, frame[23]);
        assertEquals(OUR_IP, f.getInt(26));
        assertEquals(unknownPeer, f.getInt(30));
        assertEquals(OUR_PORT, f.getShort(34) & 0xFFFF);
        assertEquals(PEER_PORT, f.getShort(36) & 0xFFFF);
        assertEquals(8 + body.length, f.getShort(38));
        assertTrue(checksumsValid(frame), "IPv4 and UDP checksums verify");
        assertArrayEquals(body, Arrays.copyOfRange(frame, 42, frame.length));

        // Off-link: resolved through the gateway.
        final long gatewayMac = 0x02_00_00_00_00_FEL;
        ring.inject(arp(OUR_MAC, gatewayMac, 2, gatewayMac, IFACE.gateway(), OUR_MAC, OUR_IP));
        io.receive();
        slot = tx.claim();
        tx.commit(slot, 3, 0x08_08_08_08, 53);
        io.send();
        final byte[] routed = ring.take();
        assertNotNull(routed);
        assertEquals(gatewayMac, getMac(ByteBuffer.wrap(routed), 0));
        assertEquals(0x08_08_08_08, ByteBuffer.wrap(routed).getInt(30));
        assertTrue(checksumsValid(routed));

        // Too big for the MTU.
        final long tooBig = io.drops(DpdkDrop.TX_TOO_BIG);
        slot = tx.claim();
        tx.commit(slot, 1600, unknownPeer, PEER_PORT);
        io.send();
        assertEquals(tooBig + 1, io.drops(DpdkDrop.TX_TOO_BIG));
        assertNull(ring.take());
        assertEquals(poolFull, DpdkTestSupport.available(io), "no mbuf leaked");
    }

    @Test
    void shouldExchangeDatagramsBetweenTwoPortsBackToBack() {
        // Two DpdkPacketIo on two net_ring ports wired to each other: ARP, then datagrams both ways, each parsed by the
        // other side's checks (checksums included).
        final var ringA = DpdkTestSupport.RingPort.ring("ddxa");
        final var ringB = DpdkTestSupport.RingPort.ring("ddxb");
        final var portA = new DpdkTestSupport.RingPort(0x02_00_00_00_0A_01L, ringA, ringB);
        final var portB = new DpdkTestSupport.RingPort(0x02_00_00_00_0B_01L, ringB, ringA);
        final Ipv4Interface net = new Ipv4Interface(0x0A_02_00_01, 24, 0);
        try (DpdkPacketIo a = DpdkTestSupport.open(portA, net, 7000);
             DpdkPacketIo b = DpdkTestSupport.open(portB, new Ipv4Interface(0x0A_02_00_02, 24, 0), 7001)) {
            int received = 0;
            for (int round = 0; round < 10 && received < 5; round++) {
                for (int i = 0; i < 5; i++) {
                    final int slot = a.tx().claim();
                    a.tx().segment().set(ValueLayout.JAVA_INT, a.tx().slotOffset(slot), i);
                    a.tx().commit(slot, 4, 0x0A_02_00_02, 7001);
                }
                a.send();
                b.receive();
                received = b.rx().count();
                b.send();
                a.receive();
            }
            assertEquals(5, received, "after one ARP round trip every datagram arrives");
            assertEquals(0x0A_02_00_01, b.rx().remoteIp(0));
            assertEquals(7000, b.rx().remotePort(0));
            assertEquals(0, b.drops(DpdkDrop.BAD_UDP_CHECKSUM) + b.drops(DpdkDrop.BAD_IPV4_CHECKSUM));
            for (int i = 0; i < 3; i++) {
                final int slot = b.tx().claim();
                b.tx().commit(slot, 10, b.rx().remoteIp(0), b.rx().remotePort(0));
            }
            b.send();
            assertEquals(3, a.receive(), "and back, B having learnt A's MAC from its frames");
            assertEquals(7001, a.rx().remotePort(0));
        }
    }

    @Test
    void shouldPublishDropsPerReasonToTheCountersFile() {
        final org.agrona.concurrent.status.CountersManager manager = new org.agrona.concurrent.status.CountersManager(
            new org.agrona.concurrent.UnsafeBuffer(new byte[64 * 1024]), new org.agrona.concurrent.UnsafeBuffer(new byte[8 * 1024]));
        final DpdkCounters counters = new DpdkCounters(manager);
        final DpdkTestSupport.RingPort own = new DpdkTestSupport.RingPort(OUR_MAC);
        final DpdkPort port = DpdkPort.open(own.name, 1, 1023, 256, 256, true, own.mac);
        final byte[] badChecksum = udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, OUR_PORT, payload("x"));
        badChecksum[25] ^= 1;
        try (DpdkPacketIo counted = port.queue(0, IFACE, OUR_PORT, 32, 64, counters)) {
            own.inject(badChecksum);
            own.inject(udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, OUR_PORT, payload("ok")));
            assertEquals(1, counted.receive());
        } // close publishes what is left
        assertEquals(1, counters.drops(DpdkDrop.BAD_IPV4_CHECKSUM));
        final java.util.List<String> labels = new java.util.ArrayList<>();
        manager.forEach((counterId, label) -> labels.add(label));
        assertTrue(labels.contains("dpdk drops: bad ipv4 checksum"), labels.toString());
        assertTrue(labels.contains("dpdk packets: datagrams in"), labels.toString());
        final long[] ipackets = {-1};
        manager.forEach((counterId, label) -> {
            if (label.equals("dpdk port: ipackets")) {
                ipackets[0] = manager.getCounterValue(counterId);
            }
        });
        assertEquals(2, ipackets[0], "the driver's own count of frames received, published by queue 0");
    }
}
