package io.deltad.io.dpdk;

import io.deltad.counters.CounterType;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The DPDK packet path's counters in the counters file ({@code deltactl stat}, {@code /metrics}): drops per
 * {@link DpdkDrop} reason and the packet totals, shared by every queue. Each {@link DpdkPacketIo} counts in plain
 * fields on its own thread and publishes the growth about every {@link #PUBLISH_INTERVAL_NS} with one
 * {@code getAndAdd} per counter that moved (as the WebRTC counters do).
 */
public final class DpdkCounters {
    public static final long PUBLISH_INTERVAL_NS = 100_000_000L;
    static final int FRAMES_IN = 0;
    static final int DATAGRAMS_IN = 1;
    static final int DATAGRAMS_OUT = 2;
    static final int ARP_REPLIES = 3;
    static final int ARP_REQUESTS = 4;
    static final int HANDED_OVER = 5;
    static final int RX_CHECKSUMS_BY_PORT = 6;
    static final String[] PACKET_KEYS = {"frames in", "datagrams in", "datagrams out", "arp replies sent",
        "arp requests sent", "frames handed over", "udp checksums checked by the port"};

    /** {@code rte_eth_stats} in the order {@code deltad_port_stats} writes them. */
    static final String[] PORT_KEYS = {"ipackets", "opackets", "ibytes", "obytes", "imissed", "ierrors", "oerrors",
        "rx_nombuf"};

    private final AtomicCounter[] drops = new AtomicCounter[DpdkDrop.VALUES.length];
    private final AtomicCounter[] port = new AtomicCounter[PORT_KEYS.length];
    private final AtomicCounter[] packets = new AtomicCounter[PACKET_KEYS.length];

    /** Allocates the counters in {@code manager} (once per appliance). */
    public DpdkCounters(final CountersManager manager) {
        for (final DpdkDrop reason : DpdkDrop.VALUES) {
            drops[reason.ordinal()] = keyed(manager, CounterType.DPDK_DROPS, reason.label());
        }
        for (int i = 0; i < PACKET_KEYS.length; i++) {
            packets[i] = keyed(manager, CounterType.DPDK_PACKETS, PACKET_KEYS[i]);
        }
        for (int i = 0; i < PORT_KEYS.length; i++) {
            port[i] = keyed(manager, CounterType.DPDK_PORT, PORT_KEYS[i]);
        }
    }

    // The label and key layout of DeltadCounters.newKeyed: "<type label>: <key>", key the ASCII name.
    private static AtomicCounter keyed(final CountersManager manager, final CounterType type, final String key) {
        return manager.newCounter(type.label() + ": " + key, type.id(), buffer -> buffer.putStringAscii(0, key));
    }

    /** Adds what changed since {@code published} (the queue's last totals) and records the new totals. Queue thread. */
    void publish(final long[] dropTotals, final long[] packetTotals, final long[] publishedDrops,
        final long[] publishedPackets) {
        for (int i = 0; i < dropTotals.length; i++) {
            if (dropTotals[i] != publishedDrops[i]) {
                drops[i].getAndAdd(dropTotals[i] - publishedDrops[i]);
                publishedDrops[i] = dropTotals[i];
            }
        }
        for (int i = 0; i < packetTotals.length; i++) {
            if (packetTotals[i] != publishedPackets[i]) {
                packets[i].getAndAdd(packetTotals[i] - publishedPackets[i]);
                publishedPackets[i] = packetTotals[i];
            }
        }
    }

    /** Sets the port statistics to the driver's totals, {@code stats[i]} for {@link #PORT_KEYS}[i]. Queue 0's thread. */
    void port(final MemorySegment stats, final int count) {
        for (int i = 0; i < Math.min(count, port.length); i++) {
            port[i].setOrdered(stats.getAtIndex(ValueLayout.JAVA_LONG, i));
        }
    }

    /** The current value of a drop counter (tests). */
    public long drops(final DpdkDrop reason) {
        return drops[reason.ordinal()].get();
    }
}
