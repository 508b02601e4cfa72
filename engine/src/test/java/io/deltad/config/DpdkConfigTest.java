package io.deltad.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

import static io.deltad.config.ConfigFiles.CORES;
import static io.deltad.config.ConfigFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code [io] mode} and {@code [dpdk]}: the EAL arguments they stand for, and each mistake named by file, line, key. */
class DpdkConfigTest {
    private static final String WEBRTC = "[webrtc]\n";
    private static final String MODE = "[io]\nmode = \"dpdk\"\n";

    @TempDir
    Path dir;

    @Test
    void shouldDefaultToUdpWithoutDpdk() {
        final DeltadConfig config = ConfigFiles.load(dir, CORES);
        assertEquals(IoConfig.Mode.UDP, config.io().mode());
        assertNull(config.dpdk());
    }

    @Test
    void shouldBuildEalArgumentsForDevelopmentOnAVdev() {
        final DeltadConfig config = ConfigFiles.load(dir, CORES + WEBRTC + MODE + """
            [dpdk]
            device = "net_af_packet0"
            address = "10.213.0.1/24"
            gateway = "10.213.0.254"
            vdevs = ["net_af_packet0,iface=veth0"]
            hugepages = false
            memory = "512MiB"
            eal_args = ["--log-level=lib.eal:warning"]
            """);
        final DpdkConfig dpdk = config.dpdk();
        assertEquals(IoConfig.Mode.DPDK, config.io().mode());
        assertEquals(List.of("-l", "0", "--no-huge", "--no-shconf", "-m", "512", "--no-pci", "--vdev",
            "net_af_packet0,iface=veth0", "--no-telemetry", "--log-level=lib.eal:warning"), dpdk.ealArgs());
        assertEquals("10.213.0.1", dpdk.address());
        assertEquals(24, dpdk.prefixLength());
        assertEquals("10.213.0.254", dpdk.gateway());
        assertEquals(50_000, dpdk.udpPort());
        assertEquals(1, dpdk.queues());
        assertEquals(List.of(InetAddress.ofLiteral("10.213.0.1")), dpdk.candidateAddresses(config.webrtc()));
    }

    @Test
    void shouldBuildEalArgumentsForANicOnHugepages() {
        final DpdkConfig dpdk = ConfigFiles.load(dir, CORES + "[webrtc]\ncandidates = [\"203.0.113.7\"]\n" + MODE + """
            [dpdk]
            device = "0000:03:00.0"
            address = "192.0.2.10/24"
            pci_allow = ["0000:03:00.0"]
            lcores = "2"
            socket_memory = "1024,0"
            """).dpdk();
        assertEquals(List.of("-l", "2", "--in-memory", "--socket-mem", "1024,0", "-a", "0000:03:00.0", "--no-telemetry"),
            dpdk.ealArgs());
        assertTrue(dpdk.checksumOffload());
    }

    @Test
    void shouldNameEachMistake() {
        assertFails(dir, CORES + WEBRTC + "[io]\nmode = \"dpdk\"\n", 8, "io.mode", "needs a [dpdk] section");
        assertFails(dir, CORES + WEBRTC + "[io]\nmode = \"xdp\"\n", 8, "io.mode", "must be one of \"udp\", \"dpdk\"");
        assertFails(dir, CORES + MODE + "[dpdk]\ndevice = \"x\"\n", 7, "io.mode", "add a [webrtc] section");
        assertFails(dir, CORES + WEBRTC + "[dpdk]\ndevice = \"net_null0\"\n", 7, "dpdk", "io.mode is \"udp\"");
        final String head = CORES + WEBRTC + MODE + "[dpdk]\n"; // [dpdk] on line 9, its keys from line 10
        assertFails(dir, head + "address = \"10.0.0.1/24\"\nvdevs = [\"net_null0\"]\n", 9, "dpdk.device",
            "required key missing");
        assertFails(dir, head + "device = \"net_null0\"\naddress = \"10.0.0.1\"\nvdevs = [\"net_null0\"]\n", 11,
            "dpdk.address", "prefix length");
        assertFails(dir, head + "device = \"net_null0\"\naddress = \"10.0.0.300/24\"\nvdevs = [\"net_null0\"]\n", 11,
            "dpdk.address", "IPv4 address literal");
        assertFails(dir, head + "device = \"n\"\naddress = \"10.0.0.1/24\"\ngateway = \"10.9.0.1\"\nvdevs = [\"net_null0\"]\n",
            12, "dpdk.gateway", "not on 10.0.0.1/24");
        assertFails(dir, head + "device = \"n\"\naddress = \"10.0.0.1/24\"\n", 9, "dpdk.pci_allow", "name the port's device");
        assertFails(dir, head + "device = \"n\"\naddress = \"10.0.0.1/24\"\npci_allow = [\"eth0\"]\n", 12,
            "dpdk.pci_allow[0]", "PCI address");
        assertFails(dir, head + "device = \"n\"\naddress = \"10.0.0.1/24\"\nvdevs = [\"net_null0\"]\nhugepages = false\n", 13,
            "dpdk.hugepages", "hugepages = false needs memory");
        assertFails(dir, head + "device = \"n\"\naddress = \"10.0.0.1/24\"\nvdevs = [\"net_null0\"]\nqueues = 2\n", 13,
            "dpdk.queues", "must equal the number of io agents");
        assertFails(dir, head + "device = \"n\"\naddress = \"10.0.0.1/24\"\nvdevs = [\"net_null0\"]\narp_cache = 100\n", 13,
            "dpdk.arp_cache", "power of two");
        assertFails(dir, head + "device = \"n\"\naddress = \"10.0.0.1/24\"\nvdevs = [\"net_null0\"]\nmbufs = 600\n", 13,
            "dpdk.mbufs", "at least");
        assertFails(dir, head + "device = \"n\"\naddress = \"10.0.0.1/24\"\nvdevs = [\"net_null0\"]\nlcores = \"all\"\n", 13,
            "dpdk.lcores", "core list");
        assertFails(dir, head + "devise = \"n\"\n", 10, "dpdk.devise", "unknown key");
    }

    @Test
    void shouldGiveEachIoAgentAQueue() {
        final String twoIo = "[cores]\nio = [0, 1]\ndoc = [2]\nconductor = 3\n";
        assertEquals(2, ConfigFiles.load(dir, twoIo + WEBRTC + MODE
            + "[dpdk]\ndevice = \"n\"\naddress = \"10.0.0.1/24\"\nvdevs = [\"net_null0\"]\n").dpdk().queues());
    }

    @Test
    void shouldLoadTheBareMetalExample() throws Exception {
        Path deploy = Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.isDirectory(deploy.resolve("deploy"))) {
            deploy = deploy.getParent();
        }
        final Path file = java.nio.file.Files.copy(deploy.resolve("deploy/example-dpdk.toml"), dir.resolve("deltad.toml"));
        java.nio.file.Files.createDirectories(dir.resolve("schemas"));
        final DeltadConfig config = DeltadConfig.load(file, new Host(CpuTopology.ofCpuCount(8), MountTable.current()));
        assertEquals(List.of("-l", "2", "--in-memory", "--socket-mem", "1024", "-a", "0000:03:00.0", "--no-telemetry"),
            config.dpdk().ealArgs());
        assertEquals(List.of(InetAddress.ofLiteral("192.0.2.10")), config.dpdk().candidateAddresses(config.webrtc()));
    }
}
