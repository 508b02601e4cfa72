package io.deltad.tools.bench;

import io.deltad.io.packet.DatagramBurst;
import io.deltad.io.packet.UdpPacketIo;

import java.net.InetAddress;

/**
 * The physical baseline of the datagram path: how many datagrams per second one thread pushes into the kernel with
 * {@code sendmmsg} through {@link UdpPacketIo} (bursts of 32, as the appliance's port sends them) to a socket on
 * loopback. The receiving socket is not read, so the kernel drops what overflows its buffer: this is the sender's
 * cost (on loopback the sender's CPU also runs the receive path up to the socket buffer).
 */
final class UdpBaseline {
    private static final int BURST = 32;

    private UdpBaseline() {
    }

    static double datagramsPerSecond(final int datagramBytes, final long durationNs) {
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        try (UdpPacketIo sink = new UdpPacketIo(loopback, 0, BURST, 1 << 20);
             UdpPacketIo sender = new UdpPacketIo(loopback, 0, BURST, 1 << 20)) {
            final int ip = 0x7F00_0001;
            final int port = sink.localAddress().getPort();
            final DatagramBurst tx = sender.tx();
            final long warmUpEndNs = System.nanoTime() + Math.min(durationNs / 2, 500_000_000L);
            while (System.nanoTime() < warmUpEndNs) {
                burst(sender, tx, datagramBytes, ip, port);
            }
            long datagrams = 0;
            final long startNs = System.nanoTime();
            final long endNs = startNs + durationNs;
            long nowNs = startNs;
            while (nowNs < endNs) {
                datagrams += burst(sender, tx, datagramBytes, ip, port);
                nowNs = System.nanoTime();
            }
            return datagrams * 1e9 / (nowNs - startNs);
        }
    }

    private static int burst(final UdpPacketIo io, final DatagramBurst tx, final int bytes, final int ip,
        final int port) {
        for (int i = 0; i < BURST; i++) {
            tx.commit(tx.claim(), bytes, ip, port);
        }
        return io.send();
    }
}
