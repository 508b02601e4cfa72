package io.deltad.io.dpdk;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The transmit checksum offload path, for real: DPDK's {@code net_tap} driver offers IPv4 and UDP TX checksum offload
 * (it fills the checksums in, as a NIC would), so {@link DpdkPort} turns it on and {@link DpdkPacketIo} sends frames
 * with only the pseudo-header sum in the UDP field and the offload flags and lengths in the mbuf. The tap interface is
 * moved into a network namespace the test creates, where the kernel's UDP stack answers: it drops datagrams whose
 * checksums are wrong, so every answer proves the offload request was right.
 *
 * <p>Needs root (namespaces, /dev/net/tun): skipped with a message otherwise.
 */
@Tag("dpdk")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DpdkTapOffloadTest {
    private static final String APPLIANCE_IP = "10.219.0.1";
    private static final String PEER_IP = "10.219.0.2";
    private static final long PEER_MAC = 0x02_00_00_00_19_02L;

    @Test
    void shouldSendFramesWhoseChecksumsTheDriverFillsIn() throws Exception {
        final String unavailable = NetworkNamespace.unavailableReason();
        assumeTrue(unavailable == null, () -> "DpdkTapOffloadTest " + unavailable);
        DpdkTestSupport.eal();
        final long id = ProcessHandle.current().pid() % 100_000;
        final String tap = "ddtap" + id;
        final String device = "net_tap_o" + id;
        DpdkEal.probe(device + ",iface=" + tap);
        try (NetworkNamespace namespace = NetworkNamespace.create("deltad-tap-" + id);
             DpdkPacketIo io = DpdkTestSupport.open(device, Ipv4Interface.parse(APPLIANCE_IP + "/24", null), 42_000, -1)) {
            assertTrue(io.port().checksumOffload(), "net_tap offers IPv4 and UDP transmit checksum offload");
            assertTrue(io.port().rxChecksumOffload(), "and receive checksum offload");
            // After the port started (the driver set its link up by name, here). net_tap gives the kernel's end the
            // port's MAC: another one, or our ARP would take the kernel's requests for reflections of our own.
            namespace.adopt(tap, PEER_IP + "/24", Frames.macText(PEER_MAC));
            KernelUdpPeer.pingPong(namespace, io, PEER_IP, 42_001, APPLIANCE_IP, 42_000, 50);
            assertTrue(io.rxChecksumsByPort() >= 50, "the driver marked the pings' UDP checksums good and the queue "
                + "trusted it: " + io.rxChecksumsByPort());
            // A frame with a wrong UDP checksum, written onto the tap interface by a raw socket in the namespace: the
            // driver marks it bad and the queue drops it, offload or not.
            final byte[] bad = DpdkTestSupport.udp(io.port().mac(), PEER_MAC, Ipv4Interface.ipv4(PEER_IP), 42_001,
                Ipv4Interface.ipv4(APPLIANCE_IP), 42_000, "corrupt".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            bad[14 + 20 + 8] ^= 0x5A;
            final long before = io.drops(DpdkDrop.BAD_UDP_CHECKSUM);
            final Process raw = new ProcessBuilder(namespace.prefixed(java.util.List.of("python3", "-c",
                "import socket,sys; s=socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind((sys.argv[1], 0)); "
                    + "s.send(bytes.fromhex(sys.argv[2]))", tap, java.util.HexFormat.of().formatHex(bad))))
                .redirectErrorStream(true).start();
            assertTrue(raw.waitFor(20, TimeUnit.SECONDS) && raw.exitValue() == 0,
                "raw frame sent: " + new String(raw.getInputStream().readAllBytes()));
            for (int i = 0; i < 1_000 && io.drops(DpdkDrop.BAD_UDP_CHECKSUM) == before; i++) {
                io.receive();
                Thread.sleep(1);
            }
            assertEquals(before + 1, io.drops(DpdkDrop.BAD_UDP_CHECKSUM), io.countsText());
        }
    }
}
