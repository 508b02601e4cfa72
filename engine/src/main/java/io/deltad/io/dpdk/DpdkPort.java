package io.deltad.io.dpdk;

import io.deltad.bindings.dpdk.deltad_dpdk_h;
import io.deltad.bindings.dpdk.rte_mbuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * One DPDK Ethernet port, configured and started with one RX/TX queue pair per IoAgent (RSS across them when there
 * are several) and one mbuf pool per queue, on the port's NUMA socket. {@link #queue} hands queue q to the
 * {@link DpdkPacketIo} of IoAgent q; when the last queue is closed the port is stopped and its pools freed, so the
 * same process can open it again.
 *
 * <p>Steering, when there are several queues: IoAgent q serves UDP port {@code udpBase + q}, but RSS spreads
 * datagrams by a hash of their addresses, so a datagram can reach any queue. {@link #steer} asks the port for
 * {@code rte_flow} rules (UDP destination port → queue) so that the NIC delivers each to its owner; ports without
 * them (every vdev, some NICs) are steered in software: a queue that receives a datagram for another queue's UDP port
 * passes the mbuf (not a copy) to its owner through a single-producer single-consumer ring, one ring per ordered pair
 * of queues, one enqueue per burst and destination. ARP frames are shared the same way (as copies), so every queue's
 * ARP cache learns the neighbours whichever queue their frames land on.
 *
 * <p>Checksum offload: when the port offers both IPv4 and UDP transmit checksums and {@code checksumOffload} is on,
 * both are enabled and the queues ask for them per mbuf; otherwise checksums are computed in software. The same for
 * receive: a port that checks both marks each frame good or bad ({@code ol_flags}) and the queues skip their own check
 * of those frames.
 */
public final class DpdkPort {
    private static final Logger LOG = LoggerFactory.getLogger(DpdkPort.class);
    private static final Map<String, DpdkPort> OPEN = new HashMap<>();
    /** Bytes of an mbuf's data room: RTE_MBUF_DEFAULT_BUF_SIZE (2048 + headroom). */
    static final int DATA_ROOM = 2048 + rte_mbuf.HEADROOM;
    private static final long INFO_TX_OFFLOADS = 0;
    private static final long INFO_RX_OFFLOADS = 1;
    private static final long INFO_MAX_RX_QUEUES = 3;
    private static final long INFO_MAX_TX_QUEUES = 4;
    private static final long INFO_SOCKET = 5;
    private static final long INFO_MTU = 7;
    /** Mbuf pointers each hand-off ring holds (a power of two; one slot stays empty). */
    static final int HANDOFF_RING = 1024;
    private static final int FLOW_ERROR_BYTES = 256;

    private final String device;
    private final short portId;
    private final int queues;
    private final MemorySegment[] pools;
    private final long mac;
    private final int mtu;
    private final boolean checksumOffload;
    private final boolean rxChecksumOffload;
    private final boolean[] taken;
    /** Hand-off ring from queue f to queue t at {@code f * queues + t} (null when f == t, or one queue). */
    private final MemorySegment[] handoff;
    private boolean flowSteering;
    private String steeringNote;
    private int openQueues;

    private DpdkPort(final String device, final short portId, final int queues, final MemorySegment[] pools,
        final MemorySegment[] handoff, final long mac, final int mtu, final boolean checksumOffload,
        final boolean rxChecksumOffload) {
        this.device = device;
        this.portId = portId;
        this.queues = queues;
        this.pools = pools;
        this.mac = mac;
        this.mtu = mtu;
        this.checksumOffload = checksumOffload;
        this.rxChecksumOffload = rxChecksumOffload;
        this.taken = new boolean[queues];
        this.handoff = handoff;
        this.steeringNote = queues > 1 ? "software (rte_flow not asked)" : "one queue";
    }

    /** The port id of a device by name, or -1. EAL must be started. */
    static int portId(final String device) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment id = arena.allocate(ValueLayout.JAVA_SHORT);
            return deltad_dpdk_h.deltad_port_by_name(arena.allocateFrom(device), id) == 0
                ? id.get(ValueLayout.JAVA_SHORT, 0) & 0xFFFF : -1;
        }
    }

    /**
     * Configures and starts {@code device} (a vdev name such as {@code net_af_packet0}, or a PCI address).
     *
     * @param mbufsPerQueue   mbufs in each queue's pool: at least the RX and TX descriptors plus a few bursts
     * @param checksumOffload use the port's IPv4/UDP transmit checksum offload when it has both
     */
    public static DpdkPort open(final String device, final int queues, final int mbufsPerQueue,
        final int rxDescriptors, final int txDescriptors, final boolean checksumOffload) {
        return open(device, queues, mbufsPerQueue, rxDescriptors, txDescriptors, checksumOffload, -1);
    }

    /**
     * As {@link #open(String, int, int, int, int, boolean)}, with the MAC address to use instead of the port's
     * ({@code -1}: the port's). The port is asked to take it; a port that cannot (net_ring has no MAC of its own) keeps
     * filtering nothing, and deltad uses the address in software. For tests and vdevs, not for NICs.
     */
    public static synchronized DpdkPort open(final String device, final int queues, final int mbufsPerQueue,
        final int rxDescriptors, final int txDescriptors, final boolean checksumOffload, final long macOverride) {
        if (!DpdkEal.isStarted()) {
            throw new IllegalStateException("DPDK EAL not started");
        }
        if (OPEN.containsKey(device)) {
            throw new IllegalStateException("DPDK port " + device + " is already open");
        }
        final int id = portId(device);
        if (id < 0) {
            throw new IllegalStateException("no DPDK port named \"" + device + "\" (" + (deltad_dpdk_h.deltad_port_count() & 0xFFFF)
                + " port(s) probed): list it in [dpdk] vdevs or pci_allow, and check the device is bound to a DPDK driver");
        }
        final short port = (short) id;
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment info = arena.allocate(ValueLayout.JAVA_LONG, 8);
            int rc = deltad_dpdk_h.deltad_port_info(port, info, 8);
            if (rc < 0) {
                throw new IllegalStateException("DPDK port " + device + ": no device info: " + DpdkEal.strerror(-rc));
            }
            final long txCapabilities = info.getAtIndex(ValueLayout.JAVA_LONG, INFO_TX_OFFLOADS);
            final long maxQueues = Math.min(info.getAtIndex(ValueLayout.JAVA_LONG, INFO_MAX_RX_QUEUES),
                info.getAtIndex(ValueLayout.JAVA_LONG, INFO_MAX_TX_QUEUES));
            if (queues > maxQueues) {
                throw new IllegalStateException("DPDK port " + device + " has " + maxQueues + " queue pair(s), "
                    + queues + " asked (one per io agent)"
                    + (device.startsWith("net_af_packet") ? ": give the vdev qpairs=" + queues : ""));
            }
            final int socket = (int) info.getAtIndex(ValueLayout.JAVA_LONG, INFO_SOCKET);
            final int mtu = (int) info.getAtIndex(ValueLayout.JAVA_LONG, INFO_MTU);
            final long both = rte_mbuf.TX_OFFLOAD_IPV4_CKSUM | rte_mbuf.TX_OFFLOAD_UDP_CKSUM;
            final boolean offload = checksumOffload && (txCapabilities & both) == both;
            final long rxBoth = rte_mbuf.RX_OFFLOAD_IPV4_CKSUM | rte_mbuf.RX_OFFLOAD_UDP_CKSUM;
            final boolean rxOffload = checksumOffload
                && (info.getAtIndex(ValueLayout.JAVA_LONG, INFO_RX_OFFLOADS) & rxBoth) == rxBoth;
            final MemorySegment[] pools = new MemorySegment[queues];
            final MemorySegment poolArray = arena.allocate(ValueLayout.ADDRESS, queues);
            for (int q = 0; q < queues; q++) {
                // rte_mempool names are global to the process and short (RTE_MEMPOOL_NAMESIZE).
                final MemorySegment pool = deltad_dpdk_h.deltad_pool_create(arena.allocateFrom("dd" + id + "q" + q),
                    mbufsPerQueue, Math.min(256, mbufsPerQueue / 8), (short) DATA_ROOM, socket);
                if (pool.address() == 0) {
                    final int error = deltad_dpdk_h.deltad_errno();
                    freePools(pools);
                    throw new IllegalStateException("DPDK port " + device + ": mbuf pool of " + mbufsPerQueue
                        + " for queue " + q + " not created: " + DpdkEal.strerror(error)
                        + " (EAL memory too small? raise [dpdk] memory or hugepages)");
                }
                pools[q] = pool;
                poolArray.setAtIndex(ValueLayout.ADDRESS, q, pool);
            }
            final MemorySegment[] handoff = new MemorySegment[queues * queues];
            for (int from = 0; queues > 1 && from < queues; from++) {
                for (int to = 0; to < queues; to++) {
                    if (from != to) {
                        final MemorySegment ring = deltad_dpdk_h.deltad_ring_create(
                            arena.allocateFrom("dd" + id + "h" + from + "to" + to), HANDOFF_RING, socket);
                        if (ring.address() == 0) {
                            final int error = deltad_dpdk_h.deltad_errno();
                            freeRings(handoff);
                            freePools(pools);
                            throw new IllegalStateException("DPDK port " + device + ": hand-off ring " + from + "->" + to
                                + " not created: " + DpdkEal.strerror(error));
                        }
                        handoff[from * queues + to] = ring;
                    }
                }
            }
            rc = deltad_dpdk_h.deltad_port_setup(port, (short) queues, poolArray, (short) rxDescriptors,
                (short) txDescriptors, offload ? both : 0, rxOffload ? rxBoth : 0);
            if (rc < 0) {
                freeRings(handoff);
                freePools(pools);
                throw new IllegalStateException("DPDK port " + device + " did not start: " + DpdkEal.strerror(-rc)
                    + (queues > 1 && device.startsWith("net_af_packet") ? " (net_af_packet: give the vdev qpairs=" + queues + ")" : ""));
            }
            final MemorySegment macBytes = arena.allocate(8);
            final long mac;
            if (macOverride >= 0) {
                Frames.mac(macBytes, 0, macOverride);
                deltad_dpdk_h.deltad_port_set_mac(port, macBytes); // -ENOTSUP on net_ring: software only
                mac = macOverride;
            } else {
                deltad_dpdk_h.deltad_port_mac(port, macBytes);
                mac = Frames.mac(macBytes, 0);
            }
            final DpdkPort opened = new DpdkPort(device, port, queues, pools, handoff, mac, mtu > 0 ? mtu : 1500, offload,
                rxOffload);
            OPEN.put(device, opened);
            LOG.info("dpdk: port {} ({}) started: {} queue(s), mac {}, mtu {}, transmit checksums {}, receive checksums {}",
                device, id, queues, Frames.macText(mac), opened.mtu, offload ? "offloaded" : "in software",
                rxOffload ? "offloaded" : "in software");
            return opened;
        }
    }

    private static void freeRings(final MemorySegment[] rings) {
        for (final MemorySegment ring : rings) {
            if (ring != null) {
                deltad_dpdk_h.deltad_ring_free(ring);
            }
        }
    }

    /**
     * Asks the port to deliver UDP to {@code ipv4}:{@code udpBase + q} on queue q ({@code rte_flow}, one rule per
     * queue). True when every rule was taken; otherwise none is kept, and the queues steer in software (hand-off
     * rings). One queue: nothing to steer (true).
     */
    public synchronized boolean steer(final int ipv4, final int udpBase) {
        if (queues == 1) {
            return true;
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment error = arena.allocate(FLOW_ERROR_BYTES);
            for (int q = 0; q < queues; q++) {
                final MemorySegment flow = deltad_dpdk_h.deltad_flow_udp_to_queue(portId, ipv4, (short) (udpBase + q),
                    (short) q, error, FLOW_ERROR_BYTES);
                if (flow.address() == 0) {
                    deltad_dpdk_h.deltad_flow_flush(portId);
                    flowSteering = false;
                    steeringNote = "software (no rte_flow rule for queue " + q + ": " + error.getString(0) + ")";
                    LOG.info("dpdk: port {}: {} queues steered in {}: a datagram that lands on another queue than its"
                        + " UDP port's is handed to that queue's agent through a ring", device, queues, steeringNote);
                    return false;
                }
            }
        }
        flowSteering = true;
        steeringNote = "rte_flow";
        LOG.info("dpdk: port {}: {} queues steered by rte_flow (UDP {}..{} to queues 0..{})", device, queues, udpBase,
            udpBase + queues - 1, queues - 1);
        return true;
    }

    private static void freePools(final MemorySegment[] pools) {
        for (final MemorySegment pool : pools) {
            if (pool != null) {
                deltad_dpdk_h.deltad_pool_free(pool);
            }
        }
    }

    /** The {@link DpdkPacketIo} of queue {@code q}, counting only in itself. */
    public DpdkPacketIo queue(final int q, final Ipv4Interface iface, final int udpPort, final int burst,
        final int arpCacheEntries) {
        return queue(q, iface, udpPort, burst, arpCacheEntries, null);
    }

    /** The {@link DpdkPacketIo} of queue {@code q}: once per queue until closed; publishes to {@code counters} if given. */
    public synchronized DpdkPacketIo queue(final int q, final Ipv4Interface iface, final int udpPort, final int burst,
        final int arpCacheEntries, final DpdkCounters counters) {
        if (q < 0 || q >= queues) {
            throw new IllegalArgumentException("queue " + q + " of " + queues + " on " + device);
        }
        if (taken[q]) {
            throw new IllegalStateException("queue " + q + " of " + device + " is already in use");
        }
        final DpdkPacketIo io = new DpdkPacketIo(this, q, iface, udpPort, burst, arpCacheEntries, counters);
        taken[q] = true;
        openQueues++;
        return io;
    }

    /** A queue's DpdkPacketIo closed; the last one stops the port and frees the pools. */
    synchronized void release(final int q) {
        if (!taken[q]) {
            return;
        }
        taken[q] = false;
        if (--openQueues == 0) {
            stop();
        }
    }

    private void stop() {
        if (flowSteering) {
            deltad_dpdk_h.deltad_flow_flush(portId);
        }
        final int rc = deltad_dpdk_h.deltad_port_stop(portId);
        if (rc < 0) {
            LOG.warn("dpdk: port {} did not stop cleanly: {}", device, DpdkEal.strerror(-rc));
        }
        drainRings();
        freeRings(handoff);
        freePools(pools);
        synchronized (DpdkPort.class) {
            OPEN.remove(device);
        }
        LOG.info("dpdk: port {} stopped", device);
    }

    /** Frees the mbufs still in the hand-off rings (handed to a queue that closed before taking them). */
    private void drainRings() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 64);
            for (final MemorySegment ring : handoff) {
                int n;
                while (ring != null && (n = deltad_dpdk_h.deltad_ring_dequeue_burst(ring, mbufs.address(), 64)) > 0) {
                    deltad_dpdk_h.deltad_mbuf_free_bulk(mbufs.address(), n);
                }
            }
        }
    }

    /** Port statistics from the driver: ipackets, opackets, ibytes, obytes, imissed, ierrors, oerrors, rx_nombuf. */
    public long[] stats() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 8);
            final int n = deltad_dpdk_h.deltad_port_stats(portId, out, 8);
            return n < 0 ? new long[0] : out.toArray(ValueLayout.JAVA_LONG);
        }
    }

    public String device() { return device; }
    public short portId() { return portId; }
    public int queues() { return queues; }
    MemorySegment pool(final int q) { return pools[q]; }
    /** The hand-off ring from queue {@code from} to queue {@code to} (null when equal or with one queue). */
    MemorySegment handoff(final int from, final int to) { return handoff[from * queues + to]; }
    /** True when rte_flow rules deliver each queue's UDP port to it; false: software hand-off (or one queue). */
    public boolean flowSteering() { return flowSteering; }
    /** How datagrams reach their queue: "one queue", "rte_flow", or "software (reason)". */
    public String steering() { return steeringNote; }
    /** The port's MAC address, low 48 bits. */
    public long mac() { return mac; }
    public int mtu() { return mtu; }
    public boolean checksumOffload() { return checksumOffload; }
    /** True when the port checks received IPv4 and UDP checksums and says so per frame. */
    public boolean rxChecksumOffload() { return rxChecksumOffload; }
}
