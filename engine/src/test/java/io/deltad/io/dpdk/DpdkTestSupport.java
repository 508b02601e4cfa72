package io.deltad.io.dpdk;

import io.deltad.bindings.dpdk.DpdkLibrary;
import io.deltad.bindings.dpdk.deltad_dpdk_h;
import io.deltad.bindings.dpdk.rte_mbuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The one EAL of the DPDK test JVM (engine's {@code dpdk-tests} surefire execution, tag {@code dpdk}): no hugepages,
 * no PCI, no shared files, 512 MiB, plus {@code net_null0}; net_ring ports are made per test from two rings, so a test
 * puts crafted frames in on one side and reads what the port transmits on the other.
 */
final class DpdkTestSupport {
    static final List<String> EAL_ARGS = List.of("--no-huge", "--no-pci", "--no-shconf", "-m", "512", "-l", "0",
        "--no-telemetry", "--log-level", "lib.eal:warning", "--vdev", "net_null0");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static MemorySegment pool;

    private DpdkTestSupport() {
    }

    /** Starts EAL once (skips the test with the reason when the shim cannot load). */
    static synchronized void eal() {
        assumeTrue(DpdkLibrary.isAvailable(), () -> "DPDK shim not loadable: " + DpdkLibrary.unavailableReason());
        DpdkEal.start(EAL_ARGS);
        if (pool == null) {
            try (Arena arena = Arena.ofConfined()) {
                pool = deltad_dpdk_h.deltad_pool_create(arena.allocateFrom("ddtest"), 4095, 0, (short) DpdkPort.DATA_ROOM, -1);
            }
            if (pool.address() == 0) {
                throw new IllegalStateException("test pool: " + DpdkEal.strerror(deltad_dpdk_h.deltad_errno()));
            }
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A net_ring port over fresh rings (an RX and a TX ring per queue), with the given MAC. */
    static final class RingPort {
        final String name;
        final MemorySegment rxRing;
        final MemorySegment txRing;
        /** RX queue q receives what is put on {@code rxRings[q]}; TX queue q transmits onto {@code txRings[q]}. */
        final MemorySegment[] rxRings;
        final MemorySegment[] txRings;
        final short portId;
        /** net_ring ports have no MAC (00:00:00:00:00:00) and cannot take one: DpdkPort uses this in software. */
        final long mac;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG, 64);

        RingPort(final long mac) {
            this(mac, 1);
        }

        RingPort(final long mac, final int queues) {
            this(mac, null, null, queues);
        }

        /** With {@code rx}/{@code tx} rings given, two ports can be wired back to back. */
        RingPort(final long mac, final MemorySegment rx, final MemorySegment tx) {
            this(mac, rx, tx, 1);
        }

        /** {@code queues} queue pairs, queue 0's rings {@code rx}/{@code tx} when given (back to back with another port). */
        RingPort(final long mac, final MemorySegment rx, final MemorySegment tx, final int queues) {
            eal();
            final int n = NAMES.incrementAndGet();
            name = "net_ring_t" + n;
            rxRings = new MemorySegment[queues];
            txRings = new MemorySegment[queues];
            final MemorySegment rxArray = arena.allocate(ValueLayout.ADDRESS, queues);
            final MemorySegment txArray = arena.allocate(ValueLayout.ADDRESS, queues);
            for (int q = 0; q < queues; q++) {
                rxRings[q] = q == 0 && rx != null ? rx : ring("ddr" + n + "q" + q);
                txRings[q] = q == 0 && tx != null ? tx : ring("ddt" + n + "q" + q);
                rxArray.setAtIndex(ValueLayout.ADDRESS, q, rxRings[q]);
                txArray.setAtIndex(ValueLayout.ADDRESS, q, txRings[q]);
            }
            rxRing = rxRings[0];
            txRing = txRings[0];
            // rte_eth_from_rings names the device "net_ring_" + the name given.
            final int id = deltad_dpdk_h.deltad_ring_port_create(arena.allocateFrom("t" + n), rxArray, queues, txArray, queues);
            if (id < 0) {
                throw new IllegalStateException("ring port: " + DpdkEal.strerror(deltad_dpdk_h.deltad_errno()));
            }
            portId = (short) id;
            this.mac = mac;
        }

        static MemorySegment ring(final String name) {
            eal();
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment ring = deltad_dpdk_h.deltad_ring_create(arena.allocateFrom(name), 1024, -1);
                if (ring.address() == 0) {
                    throw new IllegalStateException("ring " + name + ": " + DpdkEal.strerror(deltad_dpdk_h.deltad_errno()));
                }
                return ring;
            }
        }

        /** Puts a frame on the port's receive ring (queue 0's). */
        void inject(final byte[] frame) {
            inject(0, frame);
        }

        /** Puts a frame on RX queue {@code q}'s ring. */
        void inject(final int q, final byte[] frame) {
            if (deltad_dpdk_h.deltad_mbuf_alloc_bulk(pool, one.address(), 1) != 0) {
                throw new IllegalStateException("test pool empty");
            }
            final long mbuf = one.getAtIndex(ValueLayout.JAVA_LONG, 0);
            MemorySegment.copy(frame, 0, rte_mbuf.MEMORY, ValueLayout.JAVA_BYTE, rte_mbuf.data(mbuf), frame.length);
            rte_mbuf.length(mbuf, frame.length);
            if (deltad_dpdk_h.deltad_ring_enqueue_burst(rxRings[q], one.address(), 1) != 1) {
                throw new IllegalStateException("rx ring full");
            }
        }

        /** Takes the next frame the port transmitted (on queue 0), or null. */
        byte[] take() {
            return take(0);
        }

        /** Takes the next frame TX queue {@code q} transmitted, or null. */
        byte[] take(final int q) {
            if (deltad_dpdk_h.deltad_ring_dequeue_burst(txRings[q], one.address(), 1) != 1) {
                return null;
            }
            final long mbuf = one.getAtIndex(ValueLayout.JAVA_LONG, 0);
            final byte[] frame = new byte[rte_mbuf.data_len(mbuf)];
            MemorySegment.copy(rte_mbuf.MEMORY, ValueLayout.JAVA_BYTE, rte_mbuf.data(mbuf), frame, 0, frame.length);
            deltad_dpdk_h.deltad_mbuf_free_bulk(one.address(), 1);
            return frame;
        }
    }

    /** Opens a 1-queue DpdkPort over a ring port and its queue 0. */
    static DpdkPacketIo open(final RingPort ring, final Ipv4Interface iface, final int udpPort) {
        return open(ring.name, iface, udpPort, ring.mac);
    }

    /** Opens a 1-queue DpdkPort over {@code device} and its queue 0 ({@code mac} -1: the port's own). */
    static DpdkPacketIo open(final String device, final Ipv4Interface iface, final int udpPort, final long mac) {
        final DpdkPort port = DpdkPort.open(device, 1, 1023, 256, 256, true, mac);
        return port.queue(0, iface, udpPort, 32, 64);
    }

    /** Mbufs free in the pool {@link RingPort#inject} takes from. */
    static int injectPoolAvailable() {
        return deltad_dpdk_h.deltad_pool_available(pool);
    }

    static int available(final DpdkPacketIo io) {
        return deltad_dpdk_h.deltad_pool_available(io.port().pool(io.queue()));
    }

    // ------------------------------------------------------------------------------------------------ frames
    // Built here with ByteBuffer and a plain 16-bit checksum loop, independently of Frames, so the parser is not
    // checked against itself.

    static int checksum16(final byte[] bytes, final int offset, final int length, final long initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            final int hi = bytes[offset + i] & 0xFF;
            final int lo = i + 1 < length ? bytes[offset + i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    static void putMac(final ByteBuffer b, final long mac) {
        b.putInt((int) (mac >>> 16)).putShort((short) mac);
    }

    static long getMac(final ByteBuffer b, final int offset) {
        return (b.getInt(offset) & 0xFFFF_FFFFL) << 16 | (b.getShort(offset + 4) & 0xFFFFL);
    }

    static byte[] arp(final long dstMac, final long srcMac, final int op, final long senderMac, final int senderIp,
        final long targetMac, final int targetIp) {
        final ByteBuffer b = ByteBuffer.allocate(60).order(ByteOrder.BIG_ENDIAN); // padded to the Ethernet minimum
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short) 0x0806).putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4)
            .putShort((short) op);
        putMac(b, senderMac);
        b.putInt(senderIp);
        putMac(b, targetMac);
        b.putInt(targetIp);
        return b.array();
    }

    /** A valid Ethernet/IPv4/UDP frame; tests then break one field. */
    static byte[] udp(final long dstMac, final long srcMac, final int srcIp, final int srcPort, final int dstIp,
        final int dstPort, final byte[] payload) {
        final int udpLength = 8 + payload.length;
        final ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + 20 + udpLength)).order(ByteOrder.BIG_ENDIAN);
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLength)).putShort((short) 7)
            .putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0).putInt(srcIp).putInt(dstIp);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) udpLength).putShort((short) 0).put(payload);
        final byte[] f = b.array();
        ipChecksum(f);
        udpChecksum(f);
        return f;
    }

    /**
     * One frame per receive-side drop reason a single frame can show (BAD_INPUTS 38), each {@code good} (a valid
     * Ethernet/IPv4/UDP frame for us, payload of 16 bytes or more) broken in one field, plus a malformed ARP request
     * for {@code ourIp} from {@code good}'s sender. Checked in {@code DpdkRingPacketIoTest} (net_ring) and
     * {@code DpdkPcapReplayTest} (net_pcap).
     */
    static Map<DpdkDrop, byte[]> badFrames(final byte[] good, final int ourIp) {
        final Map<DpdkDrop, byte[]> cases = new EnumMap<>(DpdkDrop.class);
        cases.put(DpdkDrop.RUNT, Arrays.copyOf(good, 12));
        final byte[] ipv6 = good.clone();
        ipv6[12] = (byte) 0x86;
        ipv6[13] = (byte) 0xDD;
        cases.put(DpdkDrop.WRONG_ETHERTYPE, ipv6);
        final byte[] otherMac = good.clone();
        otherMac[5] = 0x77;
        cases.put(DpdkDrop.NOT_OUR_MAC, otherMac);
        final byte[] version6 = good.clone();
        version6[14] = 0x65;
        ipChecksum(version6);
        cases.put(DpdkDrop.BAD_IP_VERSION, version6);
        final byte[] ihl4 = good.clone();
        ihl4[14] = 0x44;
        cases.put(DpdkDrop.BAD_IHL, ihl4);
        final byte[] badChecksum = good.clone();
        badChecksum[25] ^= 0x5A;
        cases.put(DpdkDrop.BAD_IPV4_CHECKSUM, badChecksum);
        final byte[] longTotal = good.clone();
        ByteBuffer.wrap(longTotal).putShort(16, (short) 1400);
        ipChecksum(longTotal);
        cases.put(DpdkDrop.BAD_IPV4_LENGTH, longTotal);
        final byte[] fragment = good.clone();
        ByteBuffer.wrap(fragment).putShort(20, (short) 0x2000); // more fragments
        ipChecksum(fragment);
        cases.put(DpdkDrop.FRAGMENT, fragment);
        final byte[] icmp = good.clone();
        icmp[23] = 1;
        ipChecksum(icmp);
        cases.put(DpdkDrop.NOT_UDP, icmp);
        final byte[] udpLength = good.clone();
        ByteBuffer.wrap(udpLength).putShort(14 + 20 + 4, (short) 12);
        cases.put(DpdkDrop.UDP_LENGTH_MISMATCH, udpLength);
        final byte[] badUdp = good.clone();
        badUdp[14 + 20 + 8] ^= 1; // payload changed after the checksum
        cases.put(DpdkDrop.BAD_UDP_CHECKSUM, badUdp);
        final ByteBuffer g = ByteBuffer.wrap(good);
        cases.put(DpdkDrop.ARP_MALFORMED, arp(Frames.BROADCAST_MAC, getMac(g, 6), 9, getMac(g, 6), g.getInt(26), 0, ourIp));
        return cases;
    }

    static void ipChecksum(final byte[] f) {
        f[24] = 0;
        f[25] = 0;
        final int ihl = (f[14] & 0xF) * 4;
        final int c = checksum16(f, 14, ihl, 0);
        f[24] = (byte) (c >>> 8);
        f[25] = (byte) c;
    }

    static void udpChecksum(final byte[] f) {
        final ByteBuffer b = ByteBuffer.wrap(f);
        final int ihl = (f[14] & 0xF) * 4;
        final int udp = 14 + ihl;
        final int udpLength = b.getShort(udp + 4) & 0xFFFF;
        f[udp + 6] = 0;
        f[udp + 7] = 0;
        final int src = b.getInt(26);
        final int dst = b.getInt(30);
        final long pseudo = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + 17 + udpLength;
        int c = checksum16(f, udp, udpLength, pseudo);
        if (c == 0) {
            c = 0xFFFF;
        }
        f[udp + 6] = (byte) (c >>> 8);
        f[udp + 7] = (byte) c;
    }

    /** True when the frame's IPv4 header and UDP checksums verify (checksum over the field included folds to 0). */
    static boolean checksumsValid(final byte[] f) {
        final ByteBuffer b = ByteBuffer.wrap(f);
        final int ihl = (f[14] & 0xF) * 4;
        if (checksum16(f, 14, ihl, 0) != 0) {
            return false;
        }
        final int udp = 14 + ihl;
        final int udpLength = b.getShort(udp + 4) & 0xFFFF;
        final int src = b.getInt(26);
        final int dst = b.getInt(30);
        final long pseudo = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + 17 + udpLength;
        return b.getShort(udp + 6) != 0 && checksum16(f, udp, udpLength, pseudo) == 0;
    }
}
