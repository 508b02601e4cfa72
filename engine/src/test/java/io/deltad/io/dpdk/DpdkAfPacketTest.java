package io.deltad.io.dpdk;

import io.deltad.io.packet.DatagramBurst;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    private final String hostEnd = "ddv" + id + "a";
    private final String peerEnd = "ddv" + id + "b";
    private NetworkNamespace namespace;

    @BeforeAll
    void createNamespace() throws Exception {
        final String unavailable = NetworkNamespace.unavailableReason();
        assumeTrue(unavailable == null, () -> "DpdkAfPacketTest " + unavailable);
        DpdkTestSupport.eal();
        namespace = NetworkNamespace.create("deltad-dpdk-" + id);
        namespace.veth(hostEnd, null, peerEnd, PEER_IP + "/24");
        namespace.fullChecksums(peerEnd, true);
    }

    @AfterAll
    void removeNamespace() {
        if (namespace != null) {
            namespace.close(); // takes the veth pair with it
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
        final Process peer = new ProcessBuilder(namespace.prefixed(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
            "-cp", testClasses().toString(), KernelUdpPeer.class.getName(),
            PEER_IP, Integer.toString(PEER_PORT), APPLIANCE_IP, Integer.toString(APPLIANCE_PORT),
            Integer.toString(count), "30000"))).redirectErrorStream(true).start();
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
