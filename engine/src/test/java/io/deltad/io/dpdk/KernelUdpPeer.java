package io.deltad.io.dpdk;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's side of {@link DpdkAfPacketTest} and {@link DpdkTapOffloadTest}, run in the test's network namespace ({@code ip netns exec}): a plain
 * UDP socket that sends {@code ping <i>} to the appliance and waits for every {@code pong <i>}, resending the
 * unanswered ones every 200 ms. The kernel drops datagrams whose checksums are wrong, so an answer proves the frame
 * DPDK sent was well formed. Prints {@code ok <count>} and exits 0, or exits 1 on timeout.
 *
 * <p>Usage: {@code KernelUdpPeer bindIp bindPort applianceIp appliancePort count timeoutMs}
 */
public final class KernelUdpPeer {
    private KernelUdpPeer() {
    }

    /**
     * The test side: starts this peer in {@code namespace} sending {@code count} pings from {@code peerIp:peerPort} to
     * {@code applianceIp:appliancePort}, answers each with {@code io} until the peer has every answer, and checks what
     * both sides saw (the sender's address, ARP, no checksum drops, nothing refused by the queue).
     */
    static void pingPong(final NetworkNamespace namespace, final DpdkPacketIo io, final String peerIp, final int peerPort,
        final String applianceIp, final int appliancePort, final int count) throws Exception {
        final java.nio.file.Path classes = java.nio.file.Path.of(
            KernelUdpPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Process peer = new ProcessBuilder(namespace.prefixed(java.util.List.of(
            java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
            "-XX:TieredStopAtLevel=1", "-cp", classes.toString(), KernelUdpPeer.class.getName(),
            peerIp, Integer.toString(peerPort), applianceIp, Integer.toString(appliancePort),
            Integer.toString(count), "30000"))).redirectErrorStream(true).start();
        int pings = 0;
        try {
            final long deadline = System.nanoTime() + 40_000_000_000L;
            while (peer.isAlive() && System.nanoTime() < deadline) {
                final int n = io.receive();
                final io.deltad.io.packet.DatagramBurst rx = io.rx();
                final io.deltad.io.packet.DatagramBurst tx = io.tx();
                for (int i = 0; i < n; i++) {
                    final String text = new String(rx.segment().asSlice(rx.slotOffset(i), rx.length(i))
                        .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
                    assertEquals(Ipv4Interface.ipv4(peerIp), rx.remoteIp(i), "the sender's address");
                    assertEquals(peerPort, rx.remotePort(i), "the sender's port");
                    assertTrue(text.startsWith("ping "), text);
                    pings++;
                    final byte[] pong = ("pong " + text.substring(5)).getBytes(StandardCharsets.US_ASCII);
                    final int slot = tx.claim();
                    java.lang.foreign.MemorySegment.copy(pong, 0, tx.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE,
                        tx.slotOffset(slot), pong.length);
                    tx.commit(slot, pong.length, rx.remoteIp(i), rx.remotePort(i));
                }
                io.send();
                if (n == 0) {
                    Thread.onSpinWait();
                }
            }
            final String output = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(peer.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "the kernel peer finished");
            assertEquals(0, peer.exitValue(), "the kernel peer got every answer: " + output + "; " + io.countsText()
                + "; port stats " + java.util.Arrays.toString(io.port().stats()));
            assertTrue(output.contains("ok " + count), output);
            assertTrue(pings >= count, "every ping arrived: " + pings);
            assertTrue(io.arpRepliesSent() >= 1, "the kernel resolved us by ARP");
            assertEquals(0, io.drops(DpdkDrop.BAD_UDP_CHECKSUM) + io.drops(DpdkDrop.BAD_IPV4_CHECKSUM));
            assertEquals(0, io.drops(DpdkDrop.TX_QUEUE_FULL) + io.drops(DpdkDrop.TX_NO_MBUF));
        } finally {
            peer.destroyForcibly();
        }
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
