package io.deltad.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The functions of {@code native/src/main/c/deltad_dpdk.c}, in jextract's shape: one holder class per function with
 * its {@code DESC}, {@code ADDR} and {@code HANDLE}, and a static wrapper that calls {@code invokeExact}. Holders are
 * initialised on first use.
 *
 * <p>Deviations from what jextract would generate, on purpose:
 * <ul>
 *   <li>The per-burst calls ({@code deltad_rx_burst}, {@code deltad_tx_burst}, {@code deltad_mbuf_alloc_bulk},
 *       {@code deltad_mbuf_free_bulk}, the ring bursts) are linked {@link Linker.Option#critical(boolean)
 *       critical(false)} (short, never blocking) and take the mbuf pointer array as a raw address ({@code long}):
 *       the caller passes "the array from element i on" without slicing a segment per call. A pointer and a 64-bit
 *       integer travel in the same register on the SysV x86-64 and AAPCS64 ABIs.</li>
 *   <li>{@code uint16_t} and {@code uint32_t} are Java {@code short} and {@code int}: mask with {@code 0xFFFF} /
 *       {@link Integer#toUnsignedLong(int)} where the value can exceed the signed range.</li>
 * </ul>
 *
 * <p>Threading: EAL init once per process, on the thread EAL then pins; the burst calls from the one thread that owns
 * the queue (DPDK queues are not thread-safe); everything else from any thread, not concurrently.
 */
public final class deltad_dpdk_h {
    private deltad_dpdk_h() {
    }

    private static AssertionError unexpected(final Throwable ex) {
        return new AssertionError("DPDK shim downcall failed unexpectedly", ex);
    }

    private static final Linker.Option[] NONE = {};
    private static final Linker.Option[] HOT = {Linker.Option.critical(false)};

    // uint32_t deltad_dpdk_version(void)
    private static final class deltad_dpdk_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_dpdk_version");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** RTE_VERSION of the headers the shim was built against. */
    public static int deltad_dpdk_version() {
        try {
            return (int) deltad_dpdk_version.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_mbuf_layout(uint32_t *out, int n)
    private static final class deltad_mbuf_layout {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_mbuf_layout");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** The rte_mbuf offsets the shim was compiled with (see {@link rte_mbuf#checkLayout()}). */
    public static int deltad_mbuf_layout(final MemorySegment out, final int n) {
        try {
            return (int) deltad_mbuf_layout.HANDLE.invokeExact(out, n);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_flag_values(uint64_t *out, int n)
    private static final class deltad_flag_values {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_flag_values");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** The offload flag values the shim was compiled with (see {@link rte_mbuf#checkLayout()}). */
    public static int deltad_flag_values(final MemorySegment out, final int n) {
        try {
            return (int) deltad_flag_values.HANDLE.invokeExact(out, n);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_eal_init(int argc, char **argv)
    private static final class deltad_eal_init {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_eal_init");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** rte_eal_init: the number of arguments parsed, or -1 ({@link #deltad_errno()}). Once per process; argv must outlive it. */
    public static int deltad_eal_init(final int argc, final MemorySegment argv) {
        try {
            return (int) deltad_eal_init.HANDLE.invokeExact(argc, argv);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_eal_cleanup(void)
    private static final class deltad_eal_cleanup {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_eal_cleanup");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static int deltad_eal_cleanup() {
        try {
            return (int) deltad_eal_cleanup.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_errno(void)
    private static final class deltad_errno {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_errno");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** rte_errno of the calling thread. */
    public static int deltad_errno() {
        try {
            return (int) deltad_errno.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // const char *deltad_strerror(int error)
    private static final class deltad_strerror {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_strerror");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static MemorySegment deltad_strerror(final int error) {
        try {
            return (MemorySegment) deltad_strerror.HANDLE.invokeExact(error);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_thread_register(void)
    private static final class deltad_thread_register {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_thread_register");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** rte_thread_register: gives the calling thread an lcore id; 0 or -1. */
    public static int deltad_thread_register() {
        try {
            return (int) deltad_thread_register.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void deltad_thread_unregister(void)
    private static final class deltad_thread_unregister {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid();
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_thread_unregister");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static void deltad_thread_unregister() {
        try {
            deltad_thread_unregister.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t deltad_lcore_id(void)
    private static final class deltad_lcore_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_lcore_id");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** The calling thread's lcore id, -1 (LCORE_ID_ANY) when it has none. */
    public static int deltad_lcore_id() {
        try {
            return (int) deltad_lcore_id.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_dev_probe(const char *devargs)
    private static final class deltad_dev_probe {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_dev_probe");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** rte_dev_probe: hot-plugs a device ("net_af_packet0,iface=veth0"); 0 or -errno. */
    public static int deltad_dev_probe(final MemorySegment devargs) {
        try {
            return (int) deltad_dev_probe.HANDLE.invokeExact(devargs);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint16_t deltad_port_count(void)
    private static final class deltad_port_count {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_SHORT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_count");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static short deltad_port_count() {
        try {
            return (short) deltad_port_count.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_port_by_name(const char *name, uint16_t *port)
    private static final class deltad_port_by_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_by_name");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** The port id of a device by name into {@code port}; 0 or -errno. */
    public static int deltad_port_by_name(final MemorySegment name, final MemorySegment port) {
        try {
            return (int) deltad_port_by_name.HANDLE.invokeExact(name, port);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_port_info(uint16_t port, uint64_t *out, int n)
    private static final class deltad_port_info {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_info");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** tx/rx offload capabilities, RSS hash types, max queues, socket, max MTU, MTU; count written or -errno. */
    public static int deltad_port_info(final short port, final MemorySegment out, final int n) {
        try {
            return (int) deltad_port_info.HANDLE.invokeExact(port, out, n);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_port_mac(uint16_t port, uint8_t *out)
    private static final class deltad_port_mac {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_mac");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static int deltad_port_mac(final short port, final MemorySegment out) {
        try {
            return (int) deltad_port_mac.HANDLE.invokeExact(port, out);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_port_set_mac(uint16_t port, const uint8_t *mac)
    private static final class deltad_port_set_mac {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_set_mac");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** rte_eth_dev_default_mac_addr_set from 6 bytes; 0 or -errno. */
    public static int deltad_port_set_mac(final short port, final MemorySegment mac) {
        try {
            return (int) deltad_port_set_mac.HANDLE.invokeExact(port, mac);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_port_setup(uint16_t port, uint16_t queues, struct rte_mempool **pools, uint16_t rx_descriptors, uint16_t tx_descriptors, uint64_t tx_offloads, uint64_t rx_offloads)
    private static final class deltad_port_setup {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_LONG);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_setup");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** Configures (RSS when queues &gt; 1) and starts a port; 0 or -errno. */
    public static int deltad_port_setup(final short port, final short queues, final MemorySegment pools, final short rxDescriptors, final short txDescriptors, final long txOffloads, final long rxOffloads) {
        try {
            return (int) deltad_port_setup.HANDLE.invokeExact(port, queues, pools, rxDescriptors, txDescriptors, txOffloads, rxOffloads);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // struct rte_flow *deltad_flow_udp_to_queue(uint16_t port, uint32_t ipv4_dst, uint16_t udp_dst, uint16_t queue,
    //     char *error, int error_len)
    private static final class deltad_flow_udp_to_queue {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, JAVA_SHORT, JAVA_INT, JAVA_SHORT, JAVA_SHORT,
            ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_flow_udp_to_queue");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** An rte_flow rule sending IPv4/UDP to {@code ipv4Dst}:{@code udpDst} to RX queue {@code queue}, or NULL with the reason in {@code error}. */
    public static MemorySegment deltad_flow_udp_to_queue(final short port, final int ipv4Dst, final short udpDst,
        final short queue, final MemorySegment error, final int errorLength) {
        try {
            return (MemorySegment) deltad_flow_udp_to_queue.HANDLE.invokeExact(port, ipv4Dst, udpDst, queue, error, errorLength);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_flow_flush(uint16_t port)
    private static final class deltad_flow_flush {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_flow_flush");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** Destroys every rte_flow rule of a port: 0 or -errno. */
    public static int deltad_flow_flush(final short port) {
        try {
            return (int) deltad_flow_flush.HANDLE.invokeExact(port);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_port_stop(uint16_t port)
    private static final class deltad_port_stop {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_stop");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** rte_eth_dev_stop: the port can be set up and started again; 0 or -errno. */
    public static int deltad_port_stop(final short port) {
        try {
            return (int) deltad_port_stop.HANDLE.invokeExact(port);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_port_close(uint16_t port)
    private static final class deltad_port_close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_close");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static int deltad_port_close(final short port) {
        try {
            return (int) deltad_port_close.HANDLE.invokeExact(port);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_port_stats(uint16_t port, uint64_t *out, int n)
    private static final class deltad_port_stats {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_port_stats");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** ipackets, opackets, ibytes, obytes, imissed, ierrors, oerrors, rx_nombuf; count written or -errno. */
    public static int deltad_port_stats(final short port, final MemorySegment out, final int n) {
        try {
            return (int) deltad_port_stats.HANDLE.invokeExact(port, out, n);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // struct rte_mempool *deltad_pool_create(const char *name, uint32_t count, uint32_t cache, uint16_t data_room, int socket)
    private static final class deltad_pool_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_pool_create");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** rte_pktmbuf_pool_create; NULL on failure ({@link #deltad_errno()}). */
    public static MemorySegment deltad_pool_create(final MemorySegment name, final int count, final int cache, final short dataRoom, final int socket) {
        try {
            return (MemorySegment) deltad_pool_create.HANDLE.invokeExact(name, count, cache, dataRoom, socket);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void deltad_pool_free(struct rte_mempool *pool)
    private static final class deltad_pool_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(ADDRESS);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_pool_free");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static void deltad_pool_free(final MemorySegment pool) {
        try {
            deltad_pool_free.HANDLE.invokeExact(pool);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t deltad_pool_available(const struct rte_mempool *pool)
    private static final class deltad_pool_available {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_pool_available");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** Free mbufs in the pool, per-lcore caches included. */
    public static int deltad_pool_available(final MemorySegment pool) {
        try {
            return (int) deltad_pool_available.HANDLE.invokeExact(pool);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_mbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, uint32_t count)
    private static final class deltad_mbuf_alloc_bulk {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_mbuf_alloc_bulk");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, HOT);
    }

    /** All {@code count} or none: 0, or -ENOENT. */
    public static int deltad_mbuf_alloc_bulk(final MemorySegment pool, final long mbufs, final int count) {
        try {
            return (int) deltad_mbuf_alloc_bulk.HANDLE.invokeExact(pool, mbufs, count);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void deltad_mbuf_free_bulk(struct rte_mbuf **mbufs, uint32_t count)
    private static final class deltad_mbuf_free_bulk {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_mbuf_free_bulk");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, HOT);
    }

    public static void deltad_mbuf_free_bulk(final long mbufs, final int count) {
        try {
            deltad_mbuf_free_bulk.HANDLE.invokeExact(mbufs, count);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint16_t deltad_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t count)
    private static final class deltad_rx_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_SHORT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_rx_burst");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, HOT);
    }

    public static short deltad_rx_burst(final short port, final short queue, final long mbufs, final short count) {
        try {
            return (short) deltad_rx_burst.HANDLE.invokeExact(port, queue, mbufs, count);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint16_t deltad_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t count)
    private static final class deltad_tx_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_SHORT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_tx_burst");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, HOT);
    }

    /** The mbufs taken (the driver frees them once sent); the caller still owns the rest. */
    public static short deltad_tx_burst(final short port, final short queue, final long mbufs, final short count) {
        try {
            return (short) deltad_tx_burst.HANDLE.invokeExact(port, queue, mbufs, count);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // struct rte_ring *deltad_ring_create(const char *name, uint32_t count, int socket)
    private static final class deltad_ring_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_ring_create");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static MemorySegment deltad_ring_create(final MemorySegment name, final int count, final int socket) {
        try {
            return (MemorySegment) deltad_ring_create.HANDLE.invokeExact(name, count, socket);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void deltad_ring_free(struct rte_ring *ring)
    private static final class deltad_ring_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(ADDRESS);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_ring_free");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    public static void deltad_ring_free(final MemorySegment ring) {
        try {
            deltad_ring_free.HANDLE.invokeExact(ring);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int deltad_ring_port_create(const char *name, struct rte_ring **rx, unsigned nrx, struct rte_ring **tx, unsigned ntx)
    private static final class deltad_ring_port_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_ring_port_create");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, NONE);
    }

    /** A net_ring port with an RX queue per ring of {@code rx[0..nrx)} and a TX queue per ring of {@code tx[0..ntx)}: its id, or -1. */
    public static int deltad_ring_port_create(final MemorySegment name, final MemorySegment rx, final int nrx,
        final MemorySegment tx, final int ntx) {
        try {
            return (int) deltad_ring_port_create.HANDLE.invokeExact(name, rx, nrx, tx, ntx);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t deltad_ring_enqueue_burst(struct rte_ring *ring, struct rte_mbuf **mbufs, uint32_t count)
    private static final class deltad_ring_enqueue_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_ring_enqueue_burst");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, HOT);
    }

    public static int deltad_ring_enqueue_burst(final MemorySegment ring, final long mbufs, final int count) {
        try {
            return (int) deltad_ring_enqueue_burst.HANDLE.invokeExact(ring, mbufs, count);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t deltad_ring_dequeue_burst(struct rte_ring *ring, struct rte_mbuf **mbufs, uint32_t count)
    private static final class deltad_ring_dequeue_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        static final MemorySegment ADDR = DpdkLibrary.find("deltad_ring_dequeue_burst");
        static final MethodHandle HANDLE = DpdkLibrary.LINKER.downcallHandle(ADDR, DESC, HOT);
    }

    public static int deltad_ring_dequeue_burst(final MemorySegment ring, final long mbufs, final int count) {
        try {
            return (int) deltad_ring_dequeue_burst.HANDLE.invokeExact(ring, mbufs, count);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }
}
