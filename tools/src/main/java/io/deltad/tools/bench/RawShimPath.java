package io.deltad.tools.bench;

import io.deltad.bindings.dpdk.deltad_dpdk_h;
import io.deltad.bindings.dpdk.rte_mbuf;
import io.deltad.io.dpdk.Frames;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor under {@link io.deltad.io.dpdk.DpdkPacketIo#send()}: the same shim calls per burst ({@code alloc_bulk},
 * {@code tx_burst}, {@code free_bulk} of what the queue refused) on the same port and queue, with frames built once
 * before the run, so that per datagram Java only sets the mbuf's length. The difference between the two per datagram
 * is what DpdkPacketIo's Java adds: the next-hop and ARP lookup, the headers, the payload copy and the checksums.
 *
 * <p>The frames live in a pool of this path's own, as large and with the same per-lcore cache as the port's: every
 * mbuf is written once (a valid Ethernet/IPv4/UDP frame to the peer, checksums included, so a kernel behind
 * {@code net_af_packet} does the same work for it as for DpdkPacketIo's frames) and an allocation hands back a written
 * one. {@code rte_pktmbuf_alloc_bulk} resets the length fields, not the data. Owned by the sending thread after
 * {@link #open}; {@link #close()} frees the pool.
 */
final class RawShimPath implements PacketLoad.Path, AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final MemorySegment M = rte_mbuf.MEMORY;

    private final short portId;
    private final short queue;
    private final int burst;
    private final int frameBytes;
    private final MemorySegment pool;
    private final Arena arena = Arena.ofShared();
    private final long mbufs;
    private long sent;
    private long refused;

    private RawShimPath(final short portId, final int queue, final int burst, final int frameBytes,
        final MemorySegment pool) {
        this.portId = portId;
        this.queue = (short) queue;
        this.burst = burst;
        this.frameBytes = frameBytes;
        this.pool = pool;
        this.mbufs = arena.allocate(ValueLayout.JAVA_LONG, burst).address();
    }

    /**
     * A pool of {@code poolMbufs} mbufs (per-lcore cache {@code cache}), each holding the frame of a UDP datagram of
     * {@code payloadBytes} from {@code srcIp:srcPort} ({@code srcMac}) to {@code dstIp:dstPort} ({@code dstMac}).
     */
    static RawShimPath open(final short portId, final int queue, final int burst, final int poolMbufs, final int cache,
        final long srcMac, final long dstMac, final int srcIp, final int dstIp, final int srcPort, final int dstPort,
        final int payloadBytes) {
        final MemorySegment pool;
        try (Arena names = Arena.ofConfined()) {
            pool = deltad_dpdk_h.deltad_pool_create(names.allocateFrom("ddraw" + POOLS.incrementAndGet()), poolMbufs,
                cache, (short) (2048 + rte_mbuf.HEADROOM), -1);
        }
        if (pool.address() == 0) {
            throw new IllegalStateException("raw shim pool of " + poolMbufs + " mbufs not created (rte_errno "
                + deltad_dpdk_h.deltad_errno() + ")");
        }
        final int frameBytes = Frames.UDP_PAYLOAD + payloadBytes;
        final int udpLength = Frames.UDP_HEADER + payloadBytes;
        try (Arena scratch = Arena.ofConfined()) {
            final MemorySegment all = scratch.allocate(ValueLayout.JAVA_LONG, poolMbufs);
            int taken = 0;
            while (taken < poolMbufs && deltad_dpdk_h.deltad_mbuf_alloc_bulk(pool, all.address() + 8L * taken, 1) == 0) {
                final long mbuf = all.getAtIndex(ValueLayout.JAVA_LONG, taken++);
                final long frame = rte_mbuf.data(mbuf);
                M.asSlice(frame + Frames.UDP_PAYLOAD, payloadBytes).fill((byte) 0x5A);
                Frames.udpHeaders(M, frame, dstMac, srcMac, srcIp, dstIp, srcPort, dstPort, 0, 64, payloadBytes);
                Frames.udpChecksums(M, frame, srcIp, dstIp, udpLength);
            }
            deltad_dpdk_h.deltad_mbuf_free_bulk(all.address(), taken);
        }
        return new RawShimPath(portId, queue, burst, frameBytes, pool);
    }

    @Override
    public void burst() {
        if (deltad_dpdk_h.deltad_mbuf_alloc_bulk(pool, mbufs, burst) != 0) {
            refused += burst;
            return;
        }
        for (int i = 0; i < burst; i++) {
            rte_mbuf.length(M.get(ValueLayout.JAVA_LONG, mbufs + 8L * i), frameBytes);
        }
        final int taken = deltad_dpdk_h.deltad_tx_burst(portId, queue, mbufs, (short) burst) & 0xFFFF;
        if (taken < burst) {
            deltad_dpdk_h.deltad_mbuf_free_bulk(mbufs + 8L * taken, burst - taken);
            refused += burst - taken;
        }
        sent += taken;
    }

    @Override
    public long sent() {
        return sent;
    }

    /** Datagrams the pool or the queue refused. */
    long refused() {
        return refused;
    }

    @Override
    public void close() {
        deltad_dpdk_h.deltad_pool_free(pool);
        arena.close();
    }
}
