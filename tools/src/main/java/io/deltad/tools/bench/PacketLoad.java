package io.deltad.tools.bench;

import io.deltad.io.packet.DatagramBurst;
import io.deltad.io.packet.PacketIo;

import java.lang.management.ManagementFactory;

/**
 * The sending loop of the packet-layer measurements ({@code deltabench dpdk}, {@link UdpBaseline}): the calling thread
 * hands full bursts to a {@link Path} for a fixed time, and what that cost the thread is read from its own counters
 * around the loop (CPU time, allocated bytes), never inside it. The payload bytes are whatever the slots hold: the
 * loop measures moving a filled TX burst to the wire, not producing its contents.
 */
final class PacketLoad {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Bursts between clock reads: the clock costs about as much as a few datagrams' headers. */
    private static final int BURSTS_PER_CLOCK_READ = 8;

    private PacketLoad() {
    }

    /** One way of putting bursts of datagrams on the wire. Owned by the sending thread. */
    interface Path {
        /** Sends one full burst. */
        void burst();

        /** Datagrams the device or the kernel took so far (handed over minus what it refused). */
        long sent();
    }

    /** What one thread's loop over a path did and cost. */
    record Sample(long datagrams, long wallNs, long cpuNs, long allocatedBytes) {
        static final Sample ZERO = new Sample(0, 0, 0, 0);

        Sample plus(final Sample other) {
            return new Sample(datagrams + other.datagrams, wallNs + other.wallNs, cpuNs + other.cpuNs,
                allocatedBytes + other.allocatedBytes);
        }

        double perSec() {
            return wallNs > 0 ? datagrams * 1e9 / wallNs : 0;
        }

        /** Datagrams per second of the sending thread's CPU time. */
        double perCpuSec() {
            return cpuNs > 0 ? datagrams * 1e9 / cpuNs : 0;
        }

        /** The sending thread's CPU time per datagram. */
        double cpuNsPerDatagram() {
            return datagrams > 0 ? (double) cpuNs / datagrams : 0;
        }

        /** The sending thread's CPU time as % of the wall-clock time (100 = it had a core to itself). */
        double cpuPercent() {
            return wallNs > 0 ? 100.0 * cpuNs / wallNs : 0;
        }
    }

    /** Runs {@code path} on the calling thread for about {@code durationNs}. */
    static Sample run(final Path path, final long durationNs) {
        final long sentBefore = path.sent();
        final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        final long cpuBefore = THREADS.getCurrentThreadCpuTime();
        final long startNs = System.nanoTime();
        final long endNs = startNs + durationNs;
        long nowNs;
        do {
            for (int i = 0; i < BURSTS_PER_CLOCK_READ; i++) {
                path.burst();
            }
            nowNs = System.nanoTime();
        } while (nowNs < endNs);
        final long cpuNs = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        return new Sample(path.sent() - sentBefore, nowNs - startNs, cpuNs, allocated);
    }

    /** Full bursts of {@code bytes}-byte datagrams to one peer through a {@link PacketIo}'s TX burst. */
    static Path of(final PacketIo io, final int bytes, final int remoteIp, final int remotePort) {
        return new Path() {
            private final DatagramBurst tx = io.tx();
            private long handedOver;

            @Override
            public void burst() {
                fill(tx, bytes, remoteIp, remotePort);
                handedOver += io.send();
            }

            @Override
            public long sent() {
                return handedOver - io.sendDrops();
            }
        };
    }

    /** Commits every free slot of {@code tx} as a {@code bytes}-byte datagram to one peer. */
    static void fill(final DatagramBurst tx, final int bytes, final int remoteIp, final int remotePort) {
        for (int slot = tx.claim(); slot >= 0; slot = tx.claim()) {
            tx.commit(slot, bytes, remoteIp, remotePort);
        }
    }
}
