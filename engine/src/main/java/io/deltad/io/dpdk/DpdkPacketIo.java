package io.deltad.io.dpdk;

import io.deltad.bindings.dpdk.deltad_dpdk_h;
import io.deltad.bindings.dpdk.rte_mbuf;
import io.deltad.io.packet.DatagramBurst;
import io.deltad.io.packet.PacketIo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static io.deltad.io.dpdk.Frames.*;

/**
 * {@link PacketIo} over one RX/TX queue pair of a DPDK port, for the IoAgent that owns it: the same datagram bursts as
 * {@code UdpPacketIo}, with deltad's own Ethernet, ARP, IPv4 and UDP in place of the kernel's.
 *
 * <p>Receive: one {@code rx_burst} of up to {@code burst} frames; each is checked in the order of {@link DpdkDrop}
 * (length, EtherType, IPv4 version, IHL, header checksum, total length, fragments, protocol, UDP length, address and
 * port, UDP checksum) and either its UDP payload is copied into an RX slot with the sender's address and port, or it
 * is dropped and counted per reason. ARP requests for our address are answered in place (the request's mbuf becomes the
 * reply, sent with one {@code tx_burst}); ARP from others only refreshes entries already in the {@link ArpCache}. The
 * MAC of an on-link sender of a datagram for us is learnt from its frame. All consumed mbufs go back in one bulk free.
 *
 * <p>Send: one bulk mbuf allocation for the burst, headers written in front of each payload (IPv4 checksum in
 * software, UDP checksum in software unless the port offloads both), one {@code tx_burst}; what the queue did not
 * take is freed and counted. A datagram whose next hop has no ARP entry yet is dropped (counted): its mbuf carries an
 * ARP request instead, at most one per address per {@link #ARP_RETRY_NS}. UDP is lossy and the layers above retransmit.
 *
 * <p>Several queues on a port ({@link DpdkPort} javadoc): a datagram for another queue's UDP port is not dropped but
 * handed, mbuf and all, to that queue through the port's ring from this queue to it (one enqueue per burst and
 * destination, after the receive); its owner takes it at its next receive, before its own RX queue, and checks it in
 * full. ARP frames that teach something are copied to every other queue the same way, and there only learnt: the
 * queue that received a request is the one that answers it.
 *
 * <p>Threads: one owner (the IoAgent's); the first burst call on a thread without an EAL lcore id registers it with
 * {@code rte_thread_register} (per-lcore mempool caches). No allocation per burst.
 */
public final class DpdkPacketIo implements PacketIo {
    /** Bytes per datagram slot: as {@code UdpPacketIo}. */
    public static final int SLOT_BYTES = 2048;
    /** One ARP request per unresolved address per this long. */
    public static final long ARP_RETRY_NS = 200_000_000L;
    /** A resolved entry this old is re-requested (still used meanwhile). */
    public static final long ARP_REFRESH_NS = 60_000_000_000L;
    private static final int TTL = 64;
    private static final long LCORE_ID_ANY = 0xFFFF_FFFFL;
    private static final MemorySegment M = rte_mbuf.MEMORY;

    private final DpdkPort port;
    private final short portId;
    private final short queue;
    private final int queueIndex;
    private final MemorySegment pool;
    private final Ipv4Interface iface;
    private final int ourIp;
    private final long ourMac;
    private final int udpPort;
    /** UDP port of queue 0: queue q serves {@code udpBase + q}. */
    private final int udpBase;
    private final int queues;
    /** Rings from this queue to queue t ({@code outbound[t]}) and from queue f to this one ({@code inbound[f]}). */
    private final MemorySegment[] outbound;
    private final MemorySegment[] inbound;
    /** Mbufs waiting to be handed over: {@code burst} slots per destination queue, {@code handoffCount[t]} used. */
    private final MemorySegment handoffMbufs;
    private final long handoffMbufsAddress;
    private final int[] handoffCount;
    private final boolean offload;
    /** The port marks received frames' checksums good or bad: those are not checked again here. */
    private final boolean rxOffload;
    private final int maxPayload;
    private final int burst;
    private final Arena arena = Arena.ofShared();
    private final DatagramBurst rx;
    private final DatagramBurst tx;
    private final MemorySegment rxSegment;
    private final MemorySegment txSegment;
    /** {@code struct rte_mbuf *[burst]} arrays: received, to free, control frames to send (ARP), allocated for TX. */
    private final MemorySegment rxMbufs;
    private final MemorySegment freeMbufs;
    private final MemorySegment ctlMbufs;
    private final MemorySegment txMbufs;
    private final long rxMbufsAddress;
    private final long freeMbufsAddress;
    private final long ctlMbufsAddress;
    private final long txMbufsAddress;
    /** One mbuf pointer: the copy of an ARP frame being made for another queue. */
    private final MemorySegment copyMbuf;
    private final long copyMbufAddress;
    private final ArpCache arp;
    private final InetSocketAddress localAddress;
    private final long[] drops = new long[DpdkDrop.VALUES.length];
    private final DpdkCounters counters;
    private final long[] packetTotals = new long[DpdkCounters.PACKET_KEYS.length];
    private final long[] publishedDrops = new long[DpdkDrop.VALUES.length];
    private final long[] publishedPackets = new long[DpdkCounters.PACKET_KEYS.length];
    /** The driver's port statistics, read by queue 0 when it publishes. */
    private final MemorySegment portStats = arena.allocate(ValueLayout.JAVA_LONG, DpdkCounters.PORT_KEYS.length);
    private long nextPublishNs;
    private long framesIn;
    private long datagramsIn;
    private long datagramsOut;
    private long arpRepliesSent;
    private long arpRequestsSent;
    private long framesHandedOver;
    private long rxChecksumsByPort;
    private int ipId;
    private int freeCount;
    private int ctlCount;
    private Thread owner;
    private boolean registered;
    private boolean closed;

    DpdkPacketIo(final DpdkPort port, final int queue, final Ipv4Interface iface, final int udpPort, final int burst,
        final int arpCacheEntries, final DpdkCounters counters) {
        if (burst < 1 || burst > 1024) {
            throw new IllegalArgumentException("burst must be 1..1024: " + burst);
        }
        this.port = port;
        this.portId = port.portId();
        this.queue = (short) queue;
        this.queueIndex = queue;
        this.pool = port.pool(queue);
        this.iface = iface;
        this.ourIp = iface.address();
        this.ourMac = port.mac();
        this.udpPort = udpPort;
        this.udpBase = udpPort - queue;
        this.queues = port.queues();
        this.outbound = new MemorySegment[queues];
        this.inbound = new MemorySegment[queues];
        for (int other = 0; other < queues; other++) {
            if (other != queue) {
                outbound[other] = port.handoff(queue, other);
                inbound[other] = port.handoff(other, queue);
            }
        }
        this.handoffCount = new int[queues];
        this.offload = port.checksumOffload();
        this.rxOffload = port.rxChecksumOffload();
        this.maxPayload = Math.min(port.mtu() - IPV4_HEADER - UDP_HEADER, DpdkPort.DATA_ROOM - rte_mbuf.HEADROOM - UDP_PAYLOAD);
        this.burst = burst;
        this.rx = new DatagramBurst(arena, burst, SLOT_BYTES);
        this.tx = new DatagramBurst(arena, burst, SLOT_BYTES);
        this.rxSegment = rx.segment();
        this.txSegment = tx.segment();
        this.rxMbufs = arena.allocate(ValueLayout.JAVA_LONG, burst);
        // Freed in one receive: up to a burst taken from the hand-off rings plus up to a burst from the RX queue.
        this.freeMbufs = arena.allocate(ValueLayout.JAVA_LONG, 2L * burst);
        this.ctlMbufs = arena.allocate(ValueLayout.JAVA_LONG, burst);
        this.txMbufs = arena.allocate(ValueLayout.JAVA_LONG, burst);
        this.rxMbufsAddress = rxMbufs.address();
        this.freeMbufsAddress = freeMbufs.address();
        this.ctlMbufsAddress = ctlMbufs.address();
        this.txMbufsAddress = txMbufs.address();
        this.handoffMbufs = arena.allocate(ValueLayout.JAVA_LONG, (long) burst * queues);
        this.handoffMbufsAddress = handoffMbufs.address();
        this.copyMbuf = arena.allocate(ValueLayout.JAVA_LONG);
        this.copyMbufAddress = copyMbuf.address();
        this.arp = new ArpCache(arpCacheEntries, ARP_RETRY_NS, ARP_REFRESH_NS);
        this.localAddress = new InetSocketAddress(inet(ourIp), udpPort);
        this.counters = counters;
    }

    private static InetAddress inet(final int ip) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (final UnknownHostException ex) {
            throw new AssertionError(ex);
        }
    }

    @Override public DatagramBurst rx() { return rx; }
    @Override public DatagramBurst tx() { return tx; }
    @Override public InetSocketAddress localAddress() { return localAddress; }

    /** The first burst call on a thread: give it an lcore id unless EAL made it (its main thread). */
    private void adopt(final Thread thread) {
        owner = thread;
        if (Integer.toUnsignedLong(deltad_dpdk_h.deltad_lcore_id()) == LCORE_ID_ANY) {
            registered = deltad_dpdk_h.deltad_thread_register() == 0;
        }
    }

    // ------------------------------------------------------------------------------------------------ receive

    @Override
    public int receive() {
        final Thread thread = Thread.currentThread();
        if (thread != owner) {
            adopt(thread);
        }
        final long nowNs = System.nanoTime();
        if (nowNs >= nextPublishNs) {
            publish(nowNs);
        }
        freeCount = 0;
        ctlCount = 0;
        int kept = queues > 1 ? takeHandedOver(nowNs) : 0;
        final int n = kept < burst
            ? deltad_dpdk_h.deltad_rx_burst(portId, queue, rxMbufsAddress, (short) (burst - kept)) & 0xFFFF : 0;
        framesIn += n;
        for (int i = 0; i < n; i++) {
            final long mbuf = rxMbufs.getAtIndex(ValueLayout.JAVA_LONG, i);
            if (frame(mbuf, kept, nowNs, false)) {
                kept++;
            }
        }
        if (queues > 1) {
            handOver();
        }
        if (freeCount > 0) {
            deltad_dpdk_h.deltad_mbuf_free_bulk(freeMbufsAddress, freeCount);
        }
        if (ctlCount > 0) {
            transmitControl();
        }
        rx.count(kept);
        datagramsIn += kept;
        return kept;
    }

    /**
     * The frames other queues handed to this one, at most a burst of them in all (so that this receive frees at most
     * two bursts: {@code freeMbufs}): how many datagrams went into RX slots.
     */
    private int takeHandedOver(final long nowNs) {
        int kept = 0;
        int taken = 0;
        for (int from = 0; from < queues && taken < burst; from++) {
            final MemorySegment ring = inbound[from];
            if (ring == null) {
                continue;
            }
            final int n = deltad_dpdk_h.deltad_ring_dequeue_burst(ring, rxMbufsAddress, burst - taken);
            taken += n;
            for (int i = 0; i < n; i++) {
                if (frame(rxMbufs.getAtIndex(ValueLayout.JAVA_LONG, i), kept, nowNs, true)) {
                    kept++;
                }
            }
        }
        return kept;
    }

    /** Queues {@code mbuf} for queue {@code to}: sent by {@link #handOver()} at the end of the receive. */
    private void handOff(final long mbuf, final int to) {
        handoffMbufs.setAtIndex(ValueLayout.JAVA_LONG, (long) to * burst + handoffCount[to]++, mbuf);
    }

    /** One enqueue per destination; what a full ring did not take is freed and counted. */
    private void handOver() {
        for (int to = 0; to < queues; to++) {
            final int count = handoffCount[to];
            if (count == 0) {
                continue;
            }
            handoffCount[to] = 0;
            final long first = handoffMbufsAddress + (long) to * burst * Long.BYTES;
            final int taken = deltad_dpdk_h.deltad_ring_enqueue_burst(outbound[to], first, count);
            framesHandedOver += taken;
            if (taken < count) {
                deltad_dpdk_h.deltad_mbuf_free_bulk(first + (long) taken * Long.BYTES, count - taken);
                drops[DpdkDrop.HANDOFF_FULL.ordinal()] += count - taken;
            }
        }
    }

    /** A copy of an ARP frame for every other queue (their caches learn it); skipped for a queue when no mbuf is left. */
    private void shareArp(final long d, final int length) {
        for (int to = 0; to < queues; to++) {
            if (to == queueIndex || deltad_dpdk_h.deltad_mbuf_alloc_bulk(pool, copyMbufAddress, 1) != 0) {
                continue;
            }
            final long copy = copyMbuf.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment.copy(M, d, M, rte_mbuf.data(copy), length);
            rte_mbuf.length(copy, length);
            handOff(copy, to);
        }
    }

    private void free(final long mbuf) {
        freeMbufs.setAtIndex(ValueLayout.JAVA_LONG, freeCount++, mbuf);
    }

    private boolean drop(final long mbuf, final DpdkDrop reason) {
        drops[reason.ordinal()]++;
        free(mbuf);
        return false;
    }

    /**
     * One received frame: true when its payload went into RX slot {@code slot}; otherwise the mbuf is freed, reused
     * (ARP reply) or handed to another queue. {@code handedOver}: another queue received it and passed it here.
     */
    private boolean frame(final long mbuf, final int slot, final long nowNs, final boolean handedOver) {
        if (rte_mbuf.nb_segs(mbuf) != 1) {
            return drop(mbuf, DpdkDrop.SEGMENTED);
        }
        final long d = rte_mbuf.data(mbuf);
        final int length = rte_mbuf.data_len(mbuf);
        if (length < ETHER_HEADER) {
            return drop(mbuf, DpdkDrop.RUNT);
        }
        final long dstMac = mac(M, d + ETHER_DST);
        if (dstMac != ourMac && dstMac != BROADCAST_MAC) {
            return drop(mbuf, DpdkDrop.NOT_OUR_MAC);
        }
        final int etherType = u16(M, d + ETHER_TYPE);
        if (etherType == ETHERTYPE_ARP) {
            return arp(mbuf, d, length, nowNs, handedOver);
        }
        if (etherType != ETHERTYPE_IPV4) {
            return drop(mbuf, DpdkDrop.WRONG_ETHERTYPE);
        }
        if (length < ETHER_HEADER + IPV4_HEADER) {
            return drop(mbuf, DpdkDrop.RUNT);
        }
        final int versionIhl = u8(M, d + IPV4_VERSION_IHL);
        if (versionIhl >>> 4 != 4) {
            return drop(mbuf, DpdkDrop.BAD_IP_VERSION);
        }
        final int ihl = (versionIhl & 0xF) << 2;
        if (ihl < IPV4_HEADER || ETHER_HEADER + ihl > length) {
            return drop(mbuf, DpdkDrop.BAD_IHL);
        }
        final long rxFlags = rxOffload ? rte_mbuf.ol_flags(mbuf) : 0;
        final long ipStatus = rxFlags & rte_mbuf.F_RX_IP_CKSUM_MASK;
        if (ipStatus == rte_mbuf.F_RX_IP_CKSUM_BAD
            || ipStatus != rte_mbuf.F_RX_IP_CKSUM_GOOD && fold(sum(M, d + IPV4, ihl, 0)) != 0xFFFF) {
            return drop(mbuf, DpdkDrop.BAD_IPV4_CHECKSUM);
        }
        final int totalLength = u16(M, d + IPV4_TOTAL_LENGTH);
        if (totalLength < ihl || ETHER_HEADER + totalLength > length) { // Ethernet may pad short frames: > only
            return drop(mbuf, DpdkDrop.BAD_IPV4_LENGTH);
        }
        if ((u16(M, d + IPV4_FRAGMENT) & FRAGMENT_MASK) != 0) {
            return drop(mbuf, DpdkDrop.FRAGMENT);
        }
        if (u8(M, d + IPV4_PROTOCOL) != PROTOCOL_UDP) {
            return drop(mbuf, DpdkDrop.NOT_UDP);
        }
        if (totalLength < ihl + UDP_HEADER) {
            return drop(mbuf, DpdkDrop.RUNT);
        }
        final long udp = d + ETHER_HEADER + ihl;
        final int udpLength = u16(M, udp + UDP_LENGTH);
        if (udpLength != totalLength - ihl) {
            return drop(mbuf, DpdkDrop.UDP_LENGTH_MISMATCH);
        }
        final int dstIp = u32(M, d + IPV4_DST);
        if (dstIp != ourIp) {
            return drop(mbuf, DpdkDrop.NOT_FOR_US);
        }
        final int dstPort = u16(M, udp + UDP_DST_PORT);
        if (dstPort != udpPort) {
            final int owner = dstPort - udpBase;
            if (owner >= 0 && owner < queues && !handedOver) {
                handOff(mbuf, owner); // its owner checks the rest
                return false;
            }
            return drop(mbuf, DpdkDrop.NOT_FOR_US);
        }
        final int srcIp = u32(M, d + IPV4_SRC);
        if (u16(M, udp + UDP_CHECKSUM) != 0) {
            final long l4Status = rxFlags & rte_mbuf.F_RX_L4_CKSUM_MASK;
            if (l4Status == rte_mbuf.F_RX_L4_CKSUM_GOOD) {
                rxChecksumsByPort++;
            } else if (l4Status == rte_mbuf.F_RX_L4_CKSUM_BAD
                || fold(sum(M, udp, udpLength, pseudoHeaderSum(srcIp, dstIp, udpLength))) != 0xFFFF) {
                return drop(mbuf, DpdkDrop.BAD_UDP_CHECKSUM);
            }
        }
        final int payload = udpLength - UDP_HEADER;
        if (payload > SLOT_BYTES) {
            return drop(mbuf, DpdkDrop.TOO_LONG);
        }
        MemorySegment.copy(M, udp + UDP_HEADER, rxSegment, rx.slotOffset(slot), payload);
        rx.set(slot, payload, srcIp, u16(M, udp + UDP_SRC_PORT));
        if (iface.onLink(srcIp)) {
            arp.learn(srcIp, mac(M, d + ETHER_SRC), nowNs, true);
        }
        free(mbuf);
        return true;
    }

    private boolean arp(final long mbuf, final long d, final int length, final long nowNs, final boolean handedOver) {
        if (length < ARP_FRAME) {
            return drop(mbuf, DpdkDrop.RUNT);
        }
        final int op = u16(M, d + ARP_OP);
        if (u16(M, d + ARP_HTYPE) != 1 || u16(M, d + ARP_PTYPE) != ETHERTYPE_IPV4 || u8(M, d + ARP_HLEN) != 6
            || u8(M, d + ARP_PLEN) != 4 || (op != ARP_REQUEST && op != ARP_REPLY)) {
            return drop(mbuf, DpdkDrop.ARP_MALFORMED);
        }
        final long senderMac = mac(M, d + ARP_SHA);
        final int senderIp = u32(M, d + ARP_SPA);
        final int targetIp = u32(M, d + ARP_TPA);
        if (senderIp == ourIp || senderMac == ourMac || senderMac == BROADCAST_MAC) {
            return drop(mbuf, DpdkDrop.ARP_IGNORED); // our own address claimed by someone else, or a reflection
        }
        if (targetIp == ourIp) {
            if (senderIp != 0 && iface.onLink(senderIp)) {
                arp.learn(senderIp, senderMac, nowNs, true); // RFC 826: we are the target, so add the sender
                if (queues > 1 && !handedOver) {
                    shareArp(d, length); // before the request becomes our reply
                }
            }
            if (op == ARP_REQUEST && !handedOver) {
                reply(mbuf, d, senderMac, senderIp);
                return false;
            }
            free(mbuf);
            return false;
        }
        // Not about us: refresh an entry we hold (gratuitous ARP, a neighbour's request), never add one.
        if (iface.onLink(senderIp) && arp.learn(senderIp, senderMac, nowNs, false)) {
            if (queues > 1 && !handedOver) {
                shareArp(d, length);
            }
            free(mbuf);
            return false;
        }
        if (handedOver) {
            free(mbuf); // counted by the queue that received it, if at all
            return false;
        }
        return drop(mbuf, DpdkDrop.ARP_IGNORED);
    }

    /** Turns the request in {@code mbuf} into our reply, queued for {@link #transmitControl()}. */
    private void reply(final long mbuf, final long d, final long requesterMac, final int requesterIp) {
        mac(M, d + ETHER_DST, requesterMac);
        mac(M, d + ETHER_SRC, ourMac);
        u16(M, d + ARP_OP, ARP_REPLY);
        mac(M, d + ARP_THA, requesterMac);
        u32(M, d + ARP_TPA, requesterIp);
        mac(M, d + ARP_SHA, ourMac);
        u32(M, d + ARP_SPA, ourIp);
        rte_mbuf.length(mbuf, ARP_FRAME);
        rte_mbuf.ol_flags(mbuf, 0);
        ctlMbufs.setAtIndex(ValueLayout.JAVA_LONG, ctlCount++, mbuf);
        arpRepliesSent++;
    }

    private void transmitControl() {
        final int sent = deltad_dpdk_h.deltad_tx_burst(portId, queue, ctlMbufsAddress, (short) ctlCount) & 0xFFFF;
        if (sent < ctlCount) {
            deltad_dpdk_h.deltad_mbuf_free_bulk(ctlMbufsAddress + (long) sent * Long.BYTES, ctlCount - sent);
            drops[DpdkDrop.TX_QUEUE_FULL.ordinal()] += ctlCount - sent;
        }
        ctlCount = 0;
    }

    // ------------------------------------------------------------------------------------------------ send

    @Override
    public int send() {
        final int count = tx.count();
        if (count == 0) {
            return 0;
        }
        final Thread thread = Thread.currentThread();
        if (thread != owner) {
            adopt(thread);
        }
        if (deltad_dpdk_h.deltad_mbuf_alloc_bulk(pool, txMbufsAddress, count) != 0) {
            drops[DpdkDrop.TX_NO_MBUF.ordinal()] += count;
            tx.clear();
            return count;
        }
        final long nowNs = System.nanoTime();
        freeCount = 0;
        int ready = 0;
        for (int i = 0; i < count; i++) {
            final long mbuf = txMbufs.getAtIndex(ValueLayout.JAVA_LONG, i);
            if (datagram(mbuf, i, nowNs)) {
                txMbufs.setAtIndex(ValueLayout.JAVA_LONG, ready++, mbuf); // ready <= i: compaction in place
            }
        }
        if (freeCount > 0) {
            deltad_dpdk_h.deltad_mbuf_free_bulk(freeMbufsAddress, freeCount);
        }
        if (ready > 0) {
            final int sent = deltad_dpdk_h.deltad_tx_burst(portId, queue, txMbufsAddress, (short) ready) & 0xFFFF;
            if (sent < ready) {
                deltad_dpdk_h.deltad_mbuf_free_bulk(txMbufsAddress + (long) sent * Long.BYTES, ready - sent);
                drops[DpdkDrop.TX_QUEUE_FULL.ordinal()] += ready - sent;
            }
        }
        tx.clear();
        return count;
    }

    private boolean txDrop(final long mbuf, final DpdkDrop reason) {
        drops[reason.ordinal()]++;
        free(mbuf);
        return false;
    }

    /** Writes TX slot {@code slot} as a frame into {@code mbuf}; false when dropped (mbuf freed, or it became an ARP request). */
    private boolean datagram(final long mbuf, final int slot, final long nowNs) {
        final int length = tx.length(slot);
        final int dstIp = tx.remoteIp(slot);
        if (length > maxPayload) {
            return txDrop(mbuf, DpdkDrop.TX_TOO_BIG);
        }
        final int hop = iface.nextHop(dstIp);
        if (hop == 0) {
            return txDrop(mbuf, DpdkDrop.TX_NO_ROUTE);
        }
        final long dstMac = arp.lookup(hop);
        if (dstMac < 0) {
            drops[DpdkDrop.TX_UNRESOLVED.ordinal()]++;
            if (arp.requestDue(hop, nowNs)) {
                arpRequest(mbuf, hop);
                return true; // the mbuf leaves as the ARP request
            }
            free(mbuf);
            return false;
        }
        if (arp.requestDue(hop, nowNs)) {
            refresh(hop);
        }
        final long d = rte_mbuf.data(mbuf);
        udpHeaders(M, d, dstMac, ourMac, ourIp, dstIp, udpPort, tx.remotePort(slot), ipId++, TTL, length);
        final int udpLength = UDP_HEADER + length;
        final long udp = d + ETHER_HEADER + IPV4_HEADER;
        MemorySegment.copy(txSegment, tx.slotOffset(slot), M, udp + UDP_HEADER, length);
        if (offload) {
            // The NIC fills both; the UDP field must hold the pseudo-header's folded sum (not complemented).
            u16(M, udp + UDP_CHECKSUM, fold(pseudoHeaderSum(ourIp, dstIp, udpLength)));
            rte_mbuf.ol_flags(mbuf, rte_mbuf.F_TX_IPV4 | rte_mbuf.F_TX_IP_CKSUM | rte_mbuf.F_TX_UDP_CKSUM);
            rte_mbuf.tx_offload(mbuf, rte_mbuf.txOffloadL2L3(ETHER_HEADER, IPV4_HEADER));
        } else {
            udpChecksums(M, d, ourIp, dstIp, udpLength);
        }
        rte_mbuf.length(mbuf, UDP_PAYLOAD + length);
        datagramsOut++;
        return true;
    }

    /** Writes a broadcast ARP request for {@code ip} into {@code mbuf}. */
    private void arpRequest(final long mbuf, final int ip) {
        final long d = rte_mbuf.data(mbuf);
        mac(M, d + ETHER_DST, BROADCAST_MAC);
        mac(M, d + ETHER_SRC, ourMac);
        u16(M, d + ETHER_TYPE, ETHERTYPE_ARP);
        u16(M, d + ARP_HTYPE, 1);
        u16(M, d + ARP_PTYPE, ETHERTYPE_IPV4);
        u8(M, d + ARP_HLEN, 6);
        u8(M, d + ARP_PLEN, 4);
        u16(M, d + ARP_OP, ARP_REQUEST);
        mac(M, d + ARP_SHA, ourMac);
        u32(M, d + ARP_SPA, ourIp);
        mac(M, d + ARP_THA, 0);
        u32(M, d + ARP_TPA, ip);
        rte_mbuf.length(mbuf, ARP_FRAME);
        arpRequestsSent++;
    }

    /** A resolved entry is due for a refresh: one more mbuf for the request (rare: once a minute per next hop). */
    private void refresh(final int ip) {
        if (deltad_dpdk_h.deltad_mbuf_alloc_bulk(pool, ctlMbufsAddress, 1) != 0) {
            return;
        }
        arpRequest(ctlMbufs.getAtIndex(ValueLayout.JAVA_LONG, 0), ip);
        ctlCount = 1;
        transmitControl();
    }

    // ------------------------------------------------------------------------------------------------ counts, close

    /** Publishes the growth of every count to the counters file (if any); about every 100 ms, from receive(). */
    private void publish(final long nowNs) {
        nextPublishNs = nowNs + DpdkCounters.PUBLISH_INTERVAL_NS;
        if (counters == null) {
            return;
        }
        packetTotals[DpdkCounters.FRAMES_IN] = framesIn;
        packetTotals[DpdkCounters.DATAGRAMS_IN] = datagramsIn;
        packetTotals[DpdkCounters.DATAGRAMS_OUT] = datagramsOut;
        packetTotals[DpdkCounters.ARP_REPLIES] = arpRepliesSent;
        packetTotals[DpdkCounters.ARP_REQUESTS] = arpRequestsSent;
        packetTotals[DpdkCounters.HANDED_OVER] = framesHandedOver;
        packetTotals[DpdkCounters.RX_CHECKSUMS_BY_PORT] = rxChecksumsByPort;
        counters.publish(drops, packetTotals, publishedDrops, publishedPackets);
        if (queueIndex == 0) { // the port's own statistics, once per port
            final int n = deltad_dpdk_h.deltad_port_stats(portId, portStats, DpdkCounters.PORT_KEYS.length);
            if (n > 0) {
                counters.port(portStats, n);
            }
        }
    }

    /** Frames and datagrams dropped for {@code reason} so far. */
    public long drops(final DpdkDrop reason) { return drops[reason.ordinal()]; }

    /** Datagrams dropped on the transmit side (every TX reason of {@link DpdkDrop}). */
    @Override
    public long sendDrops() {
        long total = 0;
        for (final DpdkDrop reason : DpdkDrop.VALUES) {
            if (reason.isTx()) {
                total += drops[reason.ordinal()];
            }
        }
        return total;
    }

    /** Frames taken from the RX queue, whatever became of them. */
    public long framesIn() { return framesIn; }
    public long datagramsIn() { return datagramsIn; }
    public long datagramsOut() { return datagramsOut; }
    public long arpRepliesSent() { return arpRepliesSent; }
    public long arpRequestsSent() { return arpRequestsSent; }
    /** Frames this queue received for another queue and handed to it (datagrams, and copies of ARP). */
    public long framesHandedOver() { return framesHandedOver; }
    /** Datagrams whose UDP checksum the port checked (receive offload), so this queue did not. */
    public long rxChecksumsByPort() { return rxChecksumsByPort; }
    public ArpCache arpCache() { return arp; }
    public DpdkPort port() { return port; }
    public int queue() { return queueIndex; }
    public Ipv4Interface iface() { return iface; }

    /**
     * Releases the queue (the last queue of a port stops it) and unregisters the owner thread from EAL when called on
     * it. Call on the owner thread when it is still running (an IoAgent's shutdown does).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        publish(System.nanoTime());
        if (registered && Thread.currentThread() == owner) {
            deltad_dpdk_h.deltad_thread_unregister();
        }
        port.release(queueIndex);
        arena.close();
    }

    /** Every non-zero count, for logs and test failures: {@code frames in 12, datagrams in 10, not our mac 2, ...}. */
    public String countsText() {
        final StringBuilder text = new StringBuilder().append("frames in ").append(framesIn).append(", datagrams in ")
            .append(datagramsIn).append(", datagrams out ").append(datagramsOut).append(", arp replies ")
            .append(arpRepliesSent).append(", arp requests ").append(arpRequestsSent)
            .append(", handed over ").append(framesHandedOver);
        for (final DpdkDrop reason : DpdkDrop.VALUES) {
            if (drops[reason.ordinal()] != 0) {
                text.append(", ").append(reason.label()).append(' ').append(drops[reason.ordinal()]);
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "dpdk " + port.device() + " queue " + queueIndex + '/' + port.queues() + ' ' + iface + " udp " + udpPort
            + ", mac " + Frames.macText(ourMac) + ", checksums " + (offload ? "offloaded" : "in software")
            + (rxOffload ? " (receive offloaded)" : "")
            + (port.queues() > 1 ? ", steering " + port.steering() : "");
    }
}
