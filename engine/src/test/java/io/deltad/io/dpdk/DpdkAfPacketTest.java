package io.deltad.io.dpdk;

import io.deltad.io.packet.DatagramBurst;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DpdkPacketIo on {@code net_af_packet} over one end of a veth pair whose other end is in a network namespace this test
 * creates (and removes), with the kernel's UDP stack on the far side: the kernel resolves us by ARP, sends datagrams,
 * and accepts our answers only if their Ethernet, IPv4 and UDP headers and checksums are right.
 *
 * <p>Needs root (network namespaces, veth): skipped with a message otherwise. Only the namespace's link carries
 * traffic; the DPDK end of the pair has no address, so the host's own stack stays out of it.
 */
@Tag("dpdk")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DpdkAfPacketTest {
    private static final String APPLIANCE_IP = "10.213.0.1";
    private static final String PEER_IP = "10.213.0.2";
    private static final int APPLIANCE_PORT = 41_000;
    private static final int PEER_PORT = 41_001;

    private final long id = ProcessHandle.current().pid() % 100_000;
    private final String namespace = "deltad-dpdk-" + id;
    private final String hostEnd = "ddv" + id + "a";
    private final String peerEnd = "ddv" + id + "b";
    private boolean created;

    @BeforeAll
    void createNamespace() throws Exception {
        assumeTrue(DpdkTestSupport.isRoot(), "DpdkAfPacketTest needs root (it creates a network namespace and a veth "
            + "pair); skipped for user " + System.getProperty("user.name"));
        assumeTrue(run(List.of("ip", "-V")) == 0, "the ip command (iproute2) is missing");
        assumeTrue(run(List.of("ethtool", "--version")) == 0, "ethtool is missing (bin/lib.sh ensure_dpdk installs it)");
        DpdkTestSupport.eal();
        run(List.of("ip", "netns", "del", namespace)); // a leftover of a killed run
        check(List.of("ip", "netns", "add", namespace));
        created = true;
        check(List.of("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", peerEnd, "netns", namespace));
        run(List.of("sysctl", "-q", "-w", "net.ipv6.conf." + hostEnd + ".disable_ipv6=1"));
        check(List.of("ip", "link", "set", hostEnd, "up"));
        inNamespace(List.of("ip", "link", "set", "lo", "up"));
        inNamespace(List.of("ip", "addr", "add", PEER_IP + "/24", "dev", peerEnd));
        inNamespace(List.of("ip", "link", "set", peerEnd, "up"));
        // veth leaves UDP checksums to "the NIC" (CHECKSUM_PARTIAL: only the pseudo-header sum on the wire), and there
        // is none between the pair and an AF_PACKET socket: have the kernel compute them, as a real link would carry them.
        inNamespace(List.of("ethtool", "-K", peerEnd, "tx", "off"));
    }

    @AfterAll
    void removeNamespace() throws Exception {
        if (created) {
            run(List.of("ip", "netns", "del", namespace)); // takes the veth pair with it
        }
    }

    private void inNamespace(final List<String> command) throws Exception {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        check(full);
    }

    private static int run(final List<String> command) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        process.getInputStream().readAllBytes();
        return process.exitValue();
    }

    private static void check(final List<String> command) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final boolean done = process.waitFor(20, TimeUnit.SECONDS);
        final String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
        if (!done || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static Path testClasses() throws URISyntaxException {
        return Path.of(KernelUdpPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void shouldExchangeDatagramsWithTheKernelThroughAVethPair() throws Exception {
        final String device = "net_af_packet" + id;
        DpdkEal.probe(device + ",iface=" + hostEnd + ",qpairs=1");
        final int count = 50;
        final Process peer = new ProcessBuilder("ip", "netns", "exec", namespace,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
            "-cp", testClasses().toString(), KernelUdpPeer.class.getName(),
            PEER_IP, Integer.toString(PEER_PORT), APPLIANCE_IP, Integer.toString(APPLIANCE_PORT),
            Integer.toString(count), "30000").redirectErrorStream(true).start();
        final Ipv4Interface iface = Ipv4Interface.parse(APPLIANCE_IP + "/24", null);
        int pings = 0;
        try (DpdkPacketIo io = DpdkTestSupport.open(device, iface, APPLIANCE_PORT, -1)) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (peer.isAlive() && System.nanoTime() < deadline) {
                final int n = io.receive();
                final DatagramBurst rx = io.rx();
                final DatagramBurst tx = io.tx();
                for (int i = 0; i < n; i++) {
                    final String text = new String(rx.segment().asSlice(rx.slotOffset(i), rx.length(i))
                        .toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
                    assertEquals(Ipv4Interface.ipv4(PEER_IP), rx.remoteIp(i), "the sender's address");
                    assertEquals(PEER_PORT, rx.remotePort(i), "the sender's port");
                    assertTrue(text.startsWith("ping "), text);
                    pings++;
                    final byte[] pong = ("pong " + text.substring(5)).getBytes(StandardCharsets.US_ASCII);
                    final int slot = tx.claim();
                    MemorySegment.copy(pong, 0, tx.segment(), ValueLayout.JAVA_BYTE, tx.slotOffset(slot), pong.length);
                    tx.commit(slot, pong.length, rx.remoteIp(i), rx.remotePort(i));
                }
                io.send();
                if (n == 0) {
                    Thread.onSpinWait();
                }
            }
            final String output = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(peer.waitFor(5, TimeUnit.SECONDS), "the kernel peer finished");
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
}
