/*
 * deltad_dpdk: the flat C surface deltad calls through FFM (bindings/.../dpdk/deltad_dpdk_h.java).
 *
 * DPDK's fast path (rte_eth_rx_burst, rte_eth_tx_burst, rte_pktmbuf_alloc_bulk, the ring calls) is static inline in
 * its headers, so Java cannot link it directly: each function here is exactly one DPDK call, or the fixed sequence a
 * port needs to start, with no logic of deltad's own. One call per burst, never one per packet: the Java side reads
 * and writes mbuf fields directly at the offsets deltad_mbuf_layout() reports.
 *
 * Built against Debian bookworm's DPDK 22.11 (pkg-config libdpdk) by native/Makefile from the Maven build.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_eth_ring.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>
#include <rte_version.h>

#define DELTAD_EXPORT __attribute__((visibility("default")))

/* The layout the Java side reads without a call (rte_mbuf in DPDK 22.11). A different DPDK fails here, at build time;
 * a library built elsewhere fails at run time through deltad_mbuf_layout(). */
_Static_assert(offsetof(struct rte_mbuf, buf_addr) == 0, "rte_mbuf.buf_addr moved");
_Static_assert(offsetof(struct rte_mbuf, data_off) == 16, "rte_mbuf.data_off moved");
_Static_assert(offsetof(struct rte_mbuf, nb_segs) == 20, "rte_mbuf.nb_segs moved");
_Static_assert(offsetof(struct rte_mbuf, port) == 22, "rte_mbuf.port moved");
_Static_assert(offsetof(struct rte_mbuf, ol_flags) == 24, "rte_mbuf.ol_flags moved");
_Static_assert(offsetof(struct rte_mbuf, pkt_len) == 36, "rte_mbuf.pkt_len moved");
_Static_assert(offsetof(struct rte_mbuf, data_len) == 40, "rte_mbuf.data_len moved");
_Static_assert(offsetof(struct rte_mbuf, buf_len) == 54, "rte_mbuf.buf_len moved");
_Static_assert(offsetof(struct rte_mbuf, tx_offload) == 72, "rte_mbuf.tx_offload moved");
_Static_assert(sizeof(struct rte_mbuf) == 128, "rte_mbuf size changed");

/* ------------------------------------------------------------------------------------------------ version, layout */

/* RTE_VERSION of the headers this library was built against (22.11.x: 0x16 0b ..). */
DELTAD_EXPORT uint32_t deltad_dpdk_version(void) { return RTE_VERSION; }

/* Fills out[0..n) with: offsetof buf_addr, data_off, nb_segs, port, ol_flags, pkt_len, data_len, buf_len, tx_offload,
 * sizeof(struct rte_mbuf), RTE_PKTMBUF_HEADROOM. Returns how many it wrote (11). */
DELTAD_EXPORT int deltad_mbuf_layout(uint32_t *out, int n)
{
	const uint32_t values[] = {
		offsetof(struct rte_mbuf, buf_addr), offsetof(struct rte_mbuf, data_off),
		offsetof(struct rte_mbuf, nb_segs), offsetof(struct rte_mbuf, port),
		offsetof(struct rte_mbuf, ol_flags), offsetof(struct rte_mbuf, pkt_len),
		offsetof(struct rte_mbuf, data_len), offsetof(struct rte_mbuf, buf_len),
		offsetof(struct rte_mbuf, tx_offload), sizeof(struct rte_mbuf), RTE_PKTMBUF_HEADROOM,
	};
	int count = (int)RTE_DIM(values);
	if (n < count)
		count = n;
	memcpy(out, values, (size_t)count * sizeof(uint32_t));
	return count;
}

/* Fills out[0..n) with the flag values the Java side uses: RTE_MBUF_F_TX_IPV4, RTE_MBUF_F_TX_IP_CKSUM,
 * RTE_MBUF_F_TX_UDP_CKSUM, RTE_ETH_TX_OFFLOAD_IPV4_CKSUM, RTE_ETH_TX_OFFLOAD_UDP_CKSUM, RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE,
 * RTE_ETH_RX_OFFLOAD_IPV4_CKSUM, RTE_ETH_RX_OFFLOAD_UDP_CKSUM, RTE_MBUF_F_RX_IP_CKSUM_MASK, _GOOD, _BAD,
 * RTE_MBUF_F_RX_L4_CKSUM_MASK, _GOOD, _BAD. Returns how many it wrote (14). */
DELTAD_EXPORT int deltad_flag_values(uint64_t *out, int n)
{
	const uint64_t values[] = {
		RTE_MBUF_F_TX_IPV4, RTE_MBUF_F_TX_IP_CKSUM, RTE_MBUF_F_TX_UDP_CKSUM,
		RTE_ETH_TX_OFFLOAD_IPV4_CKSUM, RTE_ETH_TX_OFFLOAD_UDP_CKSUM, RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE,
		RTE_ETH_RX_OFFLOAD_IPV4_CKSUM, RTE_ETH_RX_OFFLOAD_UDP_CKSUM,
		RTE_MBUF_F_RX_IP_CKSUM_MASK, RTE_MBUF_F_RX_IP_CKSUM_GOOD, RTE_MBUF_F_RX_IP_CKSUM_BAD,
		RTE_MBUF_F_RX_L4_CKSUM_MASK, RTE_MBUF_F_RX_L4_CKSUM_GOOD, RTE_MBUF_F_RX_L4_CKSUM_BAD,
	};
	int count = (int)RTE_DIM(values);
	if (n < count)
		count = n;
	memcpy(out, values, (size_t)count * sizeof(uint64_t));
	return count;
}

/* ------------------------------------------------------------------------------------------------ EAL, threads */

/* rte_eal_init. EAL may rewrite argv: the caller's array must stay valid for the process's life. */
DELTAD_EXPORT int deltad_eal_init(int argc, char **argv) { return rte_eal_init(argc, argv); }

DELTAD_EXPORT int deltad_eal_cleanup(void) { return rte_eal_cleanup(); }

/* rte_errno of the calling thread (set by the last failed DPDK call on it). */
DELTAD_EXPORT int deltad_errno(void) { return rte_errno; }

DELTAD_EXPORT const char *deltad_strerror(int error) { return rte_strerror(error); }

/* Gives a thread EAL did not create an lcore id (per-lcore mempool caches); 0 or -1 with rte_errno. */
DELTAD_EXPORT int deltad_thread_register(void) { return rte_thread_register(); }

DELTAD_EXPORT void deltad_thread_unregister(void) { rte_thread_unregister(); }

/* The calling thread's lcore id, or LCORE_ID_ANY (UINT32_MAX) when it has none. */
DELTAD_EXPORT uint32_t deltad_lcore_id(void) { return rte_lcore_id(); }

/* rte_dev_probe: hot-plugs a device by its devargs, e.g. "net_af_packet0,iface=veth0". 0 or -errno. */
DELTAD_EXPORT int deltad_dev_probe(const char *devargs) { return rte_dev_probe(devargs); }

/* ------------------------------------------------------------------------------------------------ ports */

DELTAD_EXPORT uint16_t deltad_port_count(void) { return rte_eth_dev_count_avail(); }

/* The port id of a device by name ("net_null0", "0000:03:00.0"). 0 or -errno. */
DELTAD_EXPORT int deltad_port_by_name(const char *name, uint16_t *port) { return rte_eth_dev_get_port_by_name(name, port); }

/* Fills out[0..n) with: tx_offload_capa, rx_offload_capa, flow_type_rss_offloads, max_rx_queues, max_tx_queues,
 * socket id (-1: any), max_mtu, current mtu. Returns how many it wrote (8), or -errno. */
DELTAD_EXPORT int deltad_port_info(uint16_t port, uint64_t *out, int n)
{
	struct rte_eth_dev_info info;
	uint16_t mtu = 0;
	int rc = rte_eth_dev_info_get(port, &info);
	if (rc != 0)
		return rc;
	rte_eth_dev_get_mtu(port, &mtu);
	const uint64_t values[] = {
		info.tx_offload_capa, info.rx_offload_capa, info.flow_type_rss_offloads,
		info.max_rx_queues, info.max_tx_queues, (uint64_t)(int64_t)rte_eth_dev_socket_id(port),
		info.max_mtu, mtu,
	};
	int count = (int)RTE_DIM(values);
	if (n < count)
		count = n;
	memcpy(out, values, (size_t)count * sizeof(uint64_t));
	return count;
}

/* The port's MAC address into out[0..6). 0 or -errno. */
DELTAD_EXPORT int deltad_port_mac(uint16_t port, uint8_t *out)
{
	struct rte_ether_addr mac;
	int rc = rte_eth_macaddr_get(port, &mac);
	if (rc == 0)
		memcpy(out, mac.addr_bytes, RTE_ETHER_ADDR_LEN);
	return rc;
}

/* Sets the port's MAC address (rte_eth_dev_default_mac_addr_set; net_ring ports start with 00:00:00:00:00:00).
 * 0 or -errno. */
DELTAD_EXPORT int deltad_port_set_mac(uint16_t port, const uint8_t *mac)
{
	struct rte_ether_addr address;
	memcpy(address.addr_bytes, mac, RTE_ETHER_ADDR_LEN);
	return rte_eth_dev_default_mac_addr_set(port, &address);
}

/*
 * Configures and starts a port with `queues` RX/TX queue pairs, RX queue q filling from pools[q]: RSS over IPv4 and
 * UDP (what the port supports of it) when queues > 1, the TX and RX offloads asked for (the caller masks them with
 * deltad_port_info's capabilities). 0, or -errno of the first step that failed.
 */
DELTAD_EXPORT int deltad_port_setup(uint16_t port, uint16_t queues, struct rte_mempool **pools, uint16_t rx_descriptors,
	uint16_t tx_descriptors, uint64_t tx_offloads, uint64_t rx_offloads)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	int rc = rte_eth_dev_info_get(port, &info);
	if (rc != 0)
		return rc;
	memset(&conf, 0, sizeof(conf));
	if (queues > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = (RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP) & info.flow_type_rss_offloads;
	}
	conf.txmode.offloads = tx_offloads;
	conf.rxmode.offloads = rx_offloads;
	rc = rte_eth_dev_configure(port, queues, queues, &conf);
	if (rc != 0)
		return rc;
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &rx_descriptors, &tx_descriptors);
	if (rc != 0)
		return rc;
	const int socket = rte_eth_dev_socket_id(port);
	struct rte_eth_txconf txconf = info.default_txconf;
	txconf.offloads = tx_offloads;
	struct rte_eth_rxconf rxconf = info.default_rxconf;
	rxconf.offloads = rx_offloads;
	for (uint16_t q = 0; q < queues; q++) {
		rc = rte_eth_rx_queue_setup(port, q, rx_descriptors, socket, &rxconf, pools[q]);
		if (rc != 0)
			return rc;
		rc = rte_eth_tx_queue_setup(port, q, tx_descriptors, socket, &txconf);
		if (rc != 0)
			return rc;
	}
	return rte_eth_dev_start(port);
}

/* ------------------------------------------------------------------------------------------------ flow steering */

/*
 * rte_flow rule: ingress IPv4 to `ipv4_dst` (host byte order) and UDP to `udp_dst` goes to RX queue `queue`. Validated
 * first, then created; the port must be started. The rule, or NULL with the driver's reason in error[0..error_len)
 * (ports without rte_flow, such as the vdevs, say so here).
 */
DELTAD_EXPORT struct rte_flow *deltad_flow_udp_to_queue(uint16_t port, uint32_t ipv4_dst, uint16_t udp_dst,
	uint16_t queue, char *error, int error_len)
{
	const struct rte_flow_attr attr = {.ingress = 1};
	struct rte_flow_item_ipv4 ip_spec, ip_mask;
	struct rte_flow_item_udp udp_spec, udp_mask;
	memset(&ip_spec, 0, sizeof(ip_spec));
	memset(&ip_mask, 0, sizeof(ip_mask));
	memset(&udp_spec, 0, sizeof(udp_spec));
	memset(&udp_mask, 0, sizeof(udp_mask));
	ip_spec.hdr.dst_addr = rte_cpu_to_be_32(ipv4_dst);
	ip_mask.hdr.dst_addr = RTE_BE32(0xffffffff);
	udp_spec.hdr.dst_port = rte_cpu_to_be_16(udp_dst);
	udp_mask.hdr.dst_port = RTE_BE16(0xffff);
	const struct rte_flow_item pattern[] = {
		{.type = RTE_FLOW_ITEM_TYPE_ETH},
		{.type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip_spec, .mask = &ip_mask},
		{.type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp_spec, .mask = &udp_mask},
		{.type = RTE_FLOW_ITEM_TYPE_END},
	};
	const struct rte_flow_action_queue to_queue = {.index = queue};
	const struct rte_flow_action actions[] = {
		{.type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &to_queue},
		{.type = RTE_FLOW_ACTION_TYPE_END},
	};
	struct rte_flow_error flow_error;
	memset(&flow_error, 0, sizeof(flow_error));
	int rc = rte_flow_validate(port, &attr, pattern, actions, &flow_error);
	if (rc == 0) {
		struct rte_flow *flow = rte_flow_create(port, &attr, pattern, actions, &flow_error);
		if (flow != NULL)
			return flow;
		rc = -rte_errno;
	}
	if (error != NULL && error_len > 0)
		snprintf(error, (size_t)error_len, "%s",
			flow_error.message != NULL ? flow_error.message : rte_strerror(-rc));
	return NULL;
}

/* Destroys every rte_flow rule of a port. 0 or -errno. */
DELTAD_EXPORT int deltad_flow_flush(uint16_t port)
{
	struct rte_flow_error flow_error;
	return rte_flow_flush(port, &flow_error);
}

/* Stops a port: its queues' mbufs go back to their pools; it can be set up and started again. 0 or -errno. */
DELTAD_EXPORT int deltad_port_stop(uint16_t port) { return rte_eth_dev_stop(port); }

/* Stops and closes a port (its queues' mbufs go back to their pools). 0 or -errno. */
DELTAD_EXPORT int deltad_port_close(uint16_t port)
{
	int rc = rte_eth_dev_stop(port);
	int rc2 = rte_eth_dev_close(port);
	return rc != 0 ? rc : rc2;
}

/* Fills out[0..n) with the port's basic stats: ipackets, opackets, ibytes, obytes, imissed, ierrors, oerrors,
 * rx_nombuf. Returns how many it wrote (8), or -errno. */
DELTAD_EXPORT int deltad_port_stats(uint16_t port, uint64_t *out, int n)
{
	struct rte_eth_stats stats;
	int rc = rte_eth_stats_get(port, &stats);
	if (rc != 0)
		return rc;
	const uint64_t values[] = {
		stats.ipackets, stats.opackets, stats.ibytes, stats.obytes,
		stats.imissed, stats.ierrors, stats.oerrors, stats.rx_nombuf,
	};
	int count = (int)RTE_DIM(values);
	if (n < count)
		count = n;
	memcpy(out, values, (size_t)count * sizeof(uint64_t));
	return count;
}

/* ------------------------------------------------------------------------------------------------ mbufs */

/* rte_pktmbuf_pool_create: `count` mbufs of `data_room` bytes (headroom included) with a per-lcore cache. */
DELTAD_EXPORT struct rte_mempool *deltad_pool_create(const char *name, uint32_t count, uint32_t cache,
	uint16_t data_room, int socket)
{
	return rte_pktmbuf_pool_create(name, count, cache, 0, data_room, socket);
}

DELTAD_EXPORT void deltad_pool_free(struct rte_mempool *pool) { rte_mempool_free(pool); }

/* Mbufs free in the pool, caches included (tests: nothing leaked). */
DELTAD_EXPORT uint32_t deltad_pool_available(const struct rte_mempool *pool) { return rte_mempool_avail_count(pool); }

/* Allocates `count` reset mbufs into mbufs[] (all or none): 0, or -ENOENT when the pool has too few. */
DELTAD_EXPORT int deltad_mbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, uint32_t count)
{
	return rte_pktmbuf_alloc_bulk(pool, mbufs, count);
}

DELTAD_EXPORT void deltad_mbuf_free_bulk(struct rte_mbuf **mbufs, uint32_t count) { rte_pktmbuf_free_bulk(mbufs, count); }

/* ------------------------------------------------------------------------------------------------ bursts */

DELTAD_EXPORT uint16_t deltad_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t count)
{
	return rte_eth_rx_burst(port, queue, mbufs, count);
}

DELTAD_EXPORT uint16_t deltad_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t count)
{
	return rte_eth_tx_burst(port, queue, mbufs, count);
}

/* ------------------------------------------------------------------------------------------------ rings (net_ring) */

/* A single-producer single-consumer ring of `count` (a power of two) mbuf pointers. */
DELTAD_EXPORT struct rte_ring *deltad_ring_create(const char *name, uint32_t count, int socket)
{
	return rte_ring_create(name, count, socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
}

DELTAD_EXPORT void deltad_ring_free(struct rte_ring *ring) { rte_ring_free(ring); }

/* A net_ring port with one RX queue per ring of rx[0..nrx) and one TX queue per ring of tx[0..ntx)
 * (rte_eth_from_rings): RX queue q receives what is enqueued on rx[q], TX queue q transmits onto tx[q]; a device a
 * test drives frame by frame. The port id, or -1 with rte_errno. */
DELTAD_EXPORT int deltad_ring_port_create(const char *name, struct rte_ring **rx, unsigned nrx, struct rte_ring **tx,
	unsigned ntx)
{
	return rte_eth_from_rings(name, rx, nrx, tx, ntx, (unsigned)rte_socket_id());
}

DELTAD_EXPORT uint32_t deltad_ring_enqueue_burst(struct rte_ring *ring, struct rte_mbuf **mbufs, uint32_t count)
{
	return rte_ring_enqueue_burst(ring, (void *const *)mbufs, count, NULL);
}

DELTAD_EXPORT uint32_t deltad_ring_dequeue_burst(struct rte_ring *ring, struct rte_mbuf **mbufs, uint32_t count)
{
	return rte_ring_dequeue_burst(ring, (void **)mbufs, count, NULL);
}
