package io.deltad.io.dpdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

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

    @Test
    void shouldExchangeDatagramsWithTheKernelThroughAVethPair() throws Exception {
        final String device = "net_af_packet" + id;
        DpdkEal.probe(device + ",iface=" + hostEnd + ",qpairs=1");
        try (DpdkPacketIo io = DpdkTestSupport.open(device, Ipv4Interface.parse(APPLIANCE_IP + "/24", null), APPLIANCE_PORT, -1)) {
            KernelUdpPeer.pingPong(namespace, io, PEER_IP, PEER_PORT, APPLIANCE_IP, APPLIANCE_PORT, 50);
        }
    }
}
