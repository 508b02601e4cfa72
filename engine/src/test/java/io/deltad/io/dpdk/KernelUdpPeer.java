package io.deltad.io.dpdk;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * The kernel's side of {@link DpdkAfPacketTest}, run in the test's network namespace ({@code ip netns exec}): a plain
 * UDP socket that sends {@code ping <i>} to the appliance and waits for every {@code pong <i>}, resending the
 * unanswered ones every 200 ms. The kernel drops datagrams whose checksums are wrong, so an answer proves the frame
 * DPDK sent was well formed. Prints {@code ok <count>} and exits 0, or exits 1 on timeout.
 *
 * <p>Usage: {@code KernelUdpPeer bindIp bindPort applianceIp appliancePort count timeoutMs}
 */
public final class KernelUdpPeer {
    private KernelUdpPeer() {
    }

    public static void main(final String[] args) throws Exception {
        final InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        final InetSocketAddress appliance = new InetSocketAddress(InetAddress.getByName(args[2]), Integer.parseInt(args[3]));
        final int count = Integer.parseInt(args[4]);
        final long deadline = System.nanoTime() + Long.parseLong(args[5]) * 1_000_000L;
        final BitSet answered = new BitSet(count);
        try (DatagramSocket socket = new DatagramSocket(local)) {
            socket.setSoTimeout(200);
            final byte[] buffer = new byte[2048];
            while (answered.cardinality() < count) {
                if (System.nanoTime() > deadline) {
                    System.out.println("timeout: " + answered.cardinality() + " of " + count + " answered");
                    System.exit(1);
                }
                for (int i = answered.nextClearBit(0); i < count; i = answered.nextClearBit(i + 1)) {
                    final byte[] ping = ("ping " + i).getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(ping, ping.length, appliance));
                }
                final long waitUntil = System.nanoTime() + 200_000_000L;
                while (System.nanoTime() < waitUntil && answered.cardinality() < count) {
                    final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                    } catch (final SocketTimeoutException ex) {
                        break;
                    }
                    final String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
                    if (text.startsWith("pong ") && packet.getSocketAddress().equals(appliance)) {
                        answered.set(Integer.parseInt(text.substring(5)));
                    }
                }
            }
        }
        System.out.println("ok " + count);
    }
}
