package io.deltad.tools.bench;

import io.deltad.io.packet.UdpPacketIo;

import java.net.InetAddress;

/**
 * The physical baseline of the datagram path: how many datagrams per second one thread pushes into the kernel with
 * {@code sendmmsg} through {@link UdpPacketIo} (bursts of 32, as the appliance's port sends them) to a socket on
 * loopback. The receiving socket is not read, so the kernel drops what overflows its buffer: this is the sender's
 * cost (on loopback the sender's CPU also runs the receive path up to the socket buffer).
 */
final class UdpBaseline {
    static final int BURST = 32;
    /** SO_SNDBUF / SO_RCVBUF asked for (the kernel caps it at net.core.[rw]mem_max). */
    static final int SOCKET_BUFFER_BYTES = 1 << 20;
    static final int LOOPBACK_IP = 0x7F00_0001;

    private UdpBaseline() {
    }

    static double datagramsPerSecond(final int datagramBytes, final long durationNs) {
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        try (UdpPacketIo sink = new UdpPacketIo(loopback, 0, BURST, SOCKET_BUFFER_BYTES);
             UdpPacketIo sender = new UdpPacketIo(loopback, 0, BURST, SOCKET_BUFFER_BYTES)) {
            final PacketLoad.Path path = PacketLoad.of(sender, datagramBytes, LOOPBACK_IP, sink.localAddress().getPort());
            PacketLoad.run(path, Math.min(durationNs / 2, 500_000_000L)); // warm-up
            return PacketLoad.run(path, durationNs).perSec();
        }
    }
}
