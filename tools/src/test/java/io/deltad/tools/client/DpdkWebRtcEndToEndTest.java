package io.deltad.tools.client;

import io.deltad.app.Appliance;
import io.deltad.config.DeltadConfig;
import io.deltad.io.SessionSpec;
import io.deltad.io.dpdk.NetworkNamespace;
import io.deltad.token.SessionTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The appliance in {@code io.mode = "dpdk"} on {@code net_af_packet}, serving WebRTC sessions to our Java client
 * running in a network namespace the test creates: the sessions' UDP crosses a veth pair whose appliance end DPDK
 * drives (no kernel address on it), signaling crosses a second veth pair on the kernel's TCP stack. Two sessions,
 * deltas published by one and delivered to the other, ICE, DTLS, SCTP and DCEP all over DPDK.
 *
 * <p>Needs root (namespaces, veth, AF_PACKET): skipped with a message otherwise.
 */
@Tag("dpdk")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DpdkWebRtcEndToEndTest {
    private static final String KEY = "dpdk-end-to-end-key-0123456789-0123456789";
    private static final String APPLIANCE_IP = "10.215.0.1";
    private static final String CLIENT_IP = "10.215.0.2";
    private static final String SIGNALING_HOST_IP = "10.216.0.1";
    private static final String SIGNALING_CLIENT_IP = "10.216.0.2";

    @TempDir
    Path dir;

    private final long id = ProcessHandle.current().pid() % 100_000;
    private final String dataHost = "dde" + id + "a";
    private final String dataPeer = "dde" + id + "b";
    private final String signalingHost = "dde" + id + "s";
    private final String signalingPeer = "dde" + id + "t";
    private NetworkNamespace namespace;
    private Appliance appliance;

    @BeforeEach
    void createNamespace() throws Exception {
        final String unavailable = NetworkNamespace.unavailableReason();
        assumeTrue(unavailable == null, () -> "DpdkWebRtcEndToEndTest " + unavailable);
        namespace = NetworkNamespace.create("deltad-e2e-" + id);
        namespace.veth(dataHost, null, dataPeer, CLIENT_IP + "/24"); // the DPDK end: no kernel address
        namespace.fullChecksums(dataPeer, true); // full UDP checksums on the wire (see DpdkAfPacketTest)
        namespace.veth(signalingHost, SIGNALING_HOST_IP + "/24", signalingPeer, SIGNALING_CLIENT_IP + "/24");
    }

    @AfterEach
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void shouldCarryDeltasBetweenSessionsOverADpdkPort() throws Exception {
        start(1);
        assertEquals(List.of(new java.net.InetSocketAddress(APPLIANCE_IP, 50_000)), appliance.webRtcAddresses());
        runClient(200);
    }

    /**
     * Two io agents, two queue pairs ({@code qpairs=2}: the kernel's AF_PACKET fanout spreads frames over them by a
     * hash of their addresses, as RSS does on a NIC). net_af_packet has no rte_flow, so datagrams that land on the other
     * agent's queue are handed over in software. Each client run opens two sessions, one per agent (sessions go to the
     * agents in turn), and its deltas cross from one agent to the other.
     */
    @Test
    void shouldServeSessionsOnTwoIoAgentsSharingAPort() throws Exception {
        start(2);
        assertEquals(List.of(new java.net.InetSocketAddress(APPLIANCE_IP, 50_000),
            new java.net.InetSocketAddress(APPLIANCE_IP, 50_001)), appliance.webRtcAddresses());
        for (int run = 0; run < 3; run++) {
            runClient(200); // fresh sessions, fresh client ports: new hashes each run
        }
        final java.io.StringWriter status = new java.io.StringWriter();
        assertEquals(0, io.deltad.tools.ctl.DeltaCtl.run(new java.io.PrintWriter(status), new java.io.PrintWriter(
            new java.io.StringWriter()), "status", "--socket", appliance.control().socketPath().toString()));
        assertTrue(status.toString().contains("io-1 packets: dpdk net_af_packet" + id + "q2 queue 1/2 " + APPLIANCE_IP
            + "/24 udp 50001") && status.toString().contains("steering software (no rte_flow rule"),
            "deltactl status shows each agent's queue and how it is steered: " + status);
        final long handedOver = packets("frames handed over");
        assertTrue(handedOver > 0, "ARP, at least, reached one queue and was shared with the other: " + handedOver);
        assertEquals(0, packets("handoff full"), "no hand-off ring overflowed");
    }

    /** A {@code dpdk packets:} or {@code dpdk drops:} counter of the appliance, once its queues have published. */
    private long packets(final String key) throws InterruptedException {
        Thread.sleep(2 * io.deltad.io.dpdk.DpdkCounters.PUBLISH_INTERVAL_NS / 1_000_000);
        final var counters = appliance.countersFile().manager();
        final long[] value = {0};
        counters.forEach((counterId, label) -> {
            if (label.equals("dpdk packets: " + key) || label.equals("dpdk drops: " + key)) {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    private void start(final int ioAgents) throws IOException {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("board.toml"), "[type]\nname = \"board\"\nid = 1\nopaque = true\n");
        // A device name per test: EAL lives as long as the JVM, and keeps a device bound to the previous test's veth.
        final String device = "net_af_packet" + id + "q" + ioAgents;
        final List<Long> io = ioAgents == 1 ? List.of(0L) : List.of(0L, 1L);
        appliance = Appliance.start(DeltadConfig.builder(dir)
            .set("node.name", "dpdk-e2e")
            .set("cores.io", io)
            .set("cores.doc", List.of(1L))
            .set("cores.elastic", List.of())
            .set("cores.conductor", 1L)
            .set("cores.shared", true)
            .set("elastic.max_elastic", 0L)
            .set("schemas.dir", schemas.toString())
            .set("counters.file", dir.resolve("counters.dat").toString())
            .set("control.socket", dir.resolve("control.sock").toString())
            .set("store.size", "16MiB")
            .set("tokens.key", KEY)
            .set("signaling.listen", SIGNALING_HOST_IP + ":0")
            .set("webrtc.enabled", true)
            .set("io.mode", "dpdk")
            .set("dpdk.device", device)
            .set("dpdk.vdevs", List.of(device + ",iface=" + dataHost + ",qpairs=" + ioAgents))
            .set("dpdk.queues", (long) ioAgents)
            .set("dpdk.address", APPLIANCE_IP + "/24")
            .set("dpdk.udp_port", 50_000L)
            .set("dpdk.hugepages", false)
            .set("dpdk.memory", "512MiB")
            .set("dpdk.mbufs", 4095L)
            .set("dpdk.rx_descriptors", 512L)
            .set("dpdk.tx_descriptors", 512L)
            .set("dpdk.eal_args", List.of("--log-level=lib.eal:warning"))
            .build());
    }

    /** Runs {@link DpdkClientMain} in the namespace: two sessions, {@code deltas} from one delivered to the other. */
    private void runClient(final int deltas) throws Exception {
        final String base = "http://" + SIGNALING_HOST_IP + ":" + appliance.signalingAddress().orElseThrow().getPort();
        final String token = new SessionTokens(KEY.getBytes(StandardCharsets.UTF_8), "k1", 3600)
            .issue(new SessionSpec("dpdk-e2e", List.of("board/*"), List.of("board/*"), List.of()), 600, Instant.now());
        final Process client = new ProcessBuilder(namespace.prefixed(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), DpdkClientMain.class.getName(),
            base, token, CLIENT_IP, Integer.toString(deltas)))).redirectErrorStream(true).start();
        try {
            final boolean done = client.waitFor(90, TimeUnit.SECONDS);
            final String output = new String(client.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
            assertTrue(done, "the client finished: " + output);
            assertEquals(0, client.exitValue(), output);
            assertTrue(output.contains("ok " + deltas), output);
        } finally {
            client.destroyForcibly();
        }
    }
}
