package io.deltad.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code [dpdk]}: the bare-metal packet path, used when {@code io.mode = "dpdk"} (and refused otherwise, so a config
 * never looks like it uses DPDK when it does not). One port per appliance today, one RX/TX queue pair on it per io
 * agent (io agent q serves {@code udp_port + q}; rte_flow steers each port to its queue where the NIC can, software
 * hand-off rings otherwise):
 * <pre>
 * [io]
 * mode = "dpdk"
 *
 * [dpdk]
 * device = "0000:03:00.0"          # required: the port, a PCI address or a vdev name ("net_af_packet0")
 * address = "192.0.2.10/24"         # required: the appliance's IPv4 address and prefix length on that port
 * gateway = "192.0.2.1"             # next hop for peers off the subnet; default none (on-link peers only)
 * udp_port = 50000                  # the UDP port sessions use (the host candidate's port); io agent q: udp_port + q
 * pci_allow = ["0000:03:00.0"]      # EAL -a per entry; none: --no-pci (vdevs only)
 * vdevs = []                        # EAL --vdev per entry, e.g. "net_af_packet0,iface=eth1"
 * lcores = "2"                      # EAL -l: the core EAL's start-up thread is pinned to; default the io agent's CPU
 * hugepages = true                  # false: --no-huge (development: anonymous memory, no IOVA for real NICs)
 * memory = "512MiB"                 # EAL -m (required with hugepages = false)
 * socket_memory = "1024,0"          # EAL --socket-mem (MiB per NUMA node, hugepages only); default none
 * queues = 1                        # RX/TX queue pairs: one per io agent (net_af_packet: give the vdev qpairs=N)
 * mbufs = 8191                      # mbufs per queue's pool
 * rx_descriptors = 1024
 * tx_descriptors = 1024
 * arp_cache = 256                   # ARP cache entries per queue (power of two)
 * checksum_offload = true           # IPv4/UDP transmit checksums by the NIC when it offers both
 * eal_args = []                     # more EAL arguments, verbatim (e.g. "--log-level=lib.eal:debug")
 * </pre>
 */
public final class DpdkConfig {
    static final String SECTION = "dpdk";
    private static final List<String> KEYS = List.of("device", "address", "gateway", "udp_port", "pci_allow", "vdevs",
        "lcores", "hugepages", "memory", "socket_memory", "queues", "mbufs", "rx_descriptors", "tx_descriptors",
        "arp_cache", "checksum_offload", "eal_args");
    private static final Pattern LCORES = Pattern.compile("[0-9][0-9,\\-]*");
    private static final Pattern SOCKET_MEMORY = Pattern.compile("[0-9]+(,[0-9]+)*");
    private static final Pattern PCI = Pattern.compile("([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");

    private final String device;
    private final String address;
    private final int addressIp;
    private final int prefixLength;
    private final String gateway;
    private final int udpPort;
    private final List<String> pciAllow;
    private final List<String> vdevs;
    private final String lcores;
    private final boolean hugepages;
    private final long memoryBytes;
    private final String socketMemory;
    private final int queues;
    private final int mbufs;
    private final int rxDescriptors;
    private final int txDescriptors;
    private final int arpCache;
    private final boolean checksumOffload;
    private final List<String> ealArgs;

    private DpdkConfig(final SectionReader reader, final CoreMapConfig cores) {
        this.device = reader.string("device", null).strip();
        if (device.isEmpty()) {
            throw reader.fail("device", "must name the port: a PCI address (\"0000:03:00.0\") or a vdev (\"net_af_packet0\")");
        }
        final String cidr = reader.string("address", null).strip();
        final int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw reader.fail("address", "must be an IPv4 address with its prefix length, e.g. \"192.0.2.10/24\", got \"" + cidr + '"');
        }
        this.address = cidr.substring(0, slash);
        this.addressIp = ipv4(reader, "address", address);
        try {
            this.prefixLength = Integer.parseInt(cidr.substring(slash + 1));
        } catch (final NumberFormatException ex) {
            throw reader.fail("address", "prefix length must be a number 1..32, got \"" + cidr.substring(slash + 1) + '"');
        }
        if (prefixLength < 1 || prefixLength > 32 || addressIp == 0) {
            throw reader.fail("address", "must be a non-zero IPv4 address with a prefix length 1..32, got \"" + cidr + '"');
        }
        this.gateway = reader.string("gateway", "").strip();
        if (!gateway.isEmpty()) {
            final int gatewayIp = ipv4(reader, "gateway", gateway);
            final int mask = (int) (0xFFFF_FFFFL << (32 - prefixLength));
            if ((gatewayIp & mask) != (addressIp & mask)) {
                throw reader.fail("gateway", gateway + " is not on " + cidr + "'s subnet");
            }
        }
        this.udpPort = (int) reader.integer("udp_port", 50_000, 1, 65_535);
        this.pciAllow = reader.strings("pci_allow", List.of());
        for (int i = 0; i < pciAllow.size(); i++) {
            if (!PCI.matcher(pciAllow.get(i)).matches()) {
                throw reader.source().error(reader.elementPosition("pci_allow", i), reader.dotted("pci_allow") + '[' + i + ']',
                    "must be a PCI address such as \"0000:03:00.0\", got \"" + pciAllow.get(i) + '"');
            }
        }
        this.vdevs = reader.strings("vdevs", List.of());
        for (int i = 0; i < vdevs.size(); i++) {
            if (!vdevs.get(i).startsWith("net_")) {
                throw reader.source().error(reader.elementPosition("vdevs", i), reader.dotted("vdevs") + '[' + i + ']',
                    "must be a network vdev such as \"net_af_packet0,iface=eth1\", got \"" + vdevs.get(i) + '"');
            }
        }
        if (pciAllow.isEmpty() && vdevs.isEmpty()) {
            throw reader.fail("pci_allow", "name the port's device: pci_allow = [\"0000:03:00.0\"] or vdevs = [\"net_af_packet0,iface=eth1\"]");
        }
        final int[] io = cores.ioCpus();
        this.lcores = reader.string("lcores", Integer.toString(io[0])).strip();
        if (!LCORES.matcher(lcores).matches()) {
            throw reader.fail("lcores", "must be an EAL core list such as \"2\" or \"2-3,6\", got \"" + lcores + '"');
        }
        this.hugepages = reader.bool("hugepages", true);
        if (!hugepages && !reader.has("memory")) {
            throw reader.fail("hugepages", "hugepages = false needs memory = \"512MiB\" (EAL -m)");
        }
        this.memoryBytes = reader.sizeBytes("memory", 0, 0, 1L << 40);
        if (reader.has("memory") && memoryBytes < 64L << 20) {
            throw reader.fail("memory", "must be at least 64MiB (mbuf pools, rings, EAL's own), got " + memoryBytes + " bytes");
        }
        this.socketMemory = reader.string("socket_memory", "").strip();
        if (!socketMemory.isEmpty() && (!hugepages || !SOCKET_MEMORY.matcher(socketMemory).matches())) {
            throw reader.fail("socket_memory", hugepages
                ? "must be MiB per NUMA node such as \"1024,0\", got \"" + socketMemory + '"'
                : "--socket-mem needs hugepages = true");
        }
        this.queues = (int) reader.integer("queues", io.length, 1, 64);
        if (queues != io.length) {
            throw reader.fail("queues", "must equal the number of io agents (cores.io lists " + io.length
                + "): each io agent owns one queue pair");
        }
        this.rxDescriptors = (int) reader.integer("rx_descriptors", 1024, 64, 16_384);
        this.txDescriptors = (int) reader.integer("tx_descriptors", 1024, 64, 16_384);
        this.mbufs = (int) reader.integer("mbufs", 8191, 512, 1 << 20);
        if (mbufs < rxDescriptors + txDescriptors + 256) {
            throw reader.fail("mbufs", "must be at least rx_descriptors + tx_descriptors + 256 (" +
                (rxDescriptors + txDescriptors + 256) + "), got " + mbufs);
        }
        this.arpCache = (int) reader.integer("arp_cache", 256, 8, 65_536);
        if (Integer.bitCount(arpCache) != 1) {
            throw reader.fail("arp_cache", "must be a power of two, got " + arpCache);
        }
        this.checksumOffload = reader.bool("checksum_offload", true);
        this.ealArgs = reader.strings("eal_args", List.of());
    }

    private static int ipv4(final SectionReader reader, final String key, final String text) {
        final String[] parts = text.split("\\.", -1);
        int ip = 0;
        if (parts.length == 4) {
            try {
                for (final String part : parts) {
                    final int octet = Integer.parseInt(part);
                    if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                        throw new NumberFormatException();
                    }
                    ip = ip << 8 | octet;
                }
                return ip;
            } catch (final NumberFormatException ex) {
                // fall through
            }
        }
        throw reader.fail(key, "must be an IPv4 address literal, got \"" + text + '"');
    }

    /** Reads {@code [dpdk]}; checks it against {@code [io]} (present exactly when the mode is dpdk) and the core map. */
    static DpdkConfig from(final ConfigSource source, final IoConfig io, final CoreMapConfig cores, final WebRtcConfig webrtc) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        if (io.mode() != IoConfig.Mode.DPDK) {
            if (reader.present()) {
                throw source.error(source.positionOf(List.of(SECTION)), SECTION,
                    "[dpdk] is set but io.mode is \"udp\": set [io] mode = \"dpdk\", or remove [dpdk]");
            }
            return null;
        }
        if (!reader.present()) {
            throw source.error(source.positionOf(List.of(IoConfig.SECTION, "mode")), IoConfig.SECTION + ".mode",
                "mode = \"dpdk\" needs a [dpdk] section (device, address, pci_allow or vdevs)");
        }
        if (!webrtc.enabled()) {
            throw source.error(source.positionOf(List.of(IoConfig.SECTION, "mode")), IoConfig.SECTION + ".mode",
                "mode = \"dpdk\" carries WebRTC sessions: add a [webrtc] section");
        }
        return new DpdkConfig(reader, cores);
    }

    /** The EAL arguments (without the program name) this section stands for. */
    public List<String> ealArgs() {
        final List<String> args = new ArrayList<>();
        args.add("-l");
        args.add(lcores);
        if (hugepages) {
            args.add("--in-memory"); // no shared files: one primary process, nothing left in /var/run
        } else {
            args.add("--no-huge");
            args.add("--no-shconf");
        }
        if (memoryBytes > 0) {
            args.add("-m");
            args.add(Long.toString(memoryBytes >> 20));
        }
        if (!socketMemory.isEmpty()) {
            args.add("--socket-mem");
            args.add(socketMemory);
        }
        if (pciAllow.isEmpty()) {
            args.add("--no-pci");
        }
        for (final String pci : pciAllow) {
            args.add("-a");
            args.add(pci);
        }
        for (final String vdev : vdevs) {
            args.add("--vdev");
            args.add(vdev);
        }
        args.add("--no-telemetry");
        args.addAll(ealArgs);
        return List.copyOf(args);
    }

    public String device() { return device; }
    /** The appliance's IPv4 address on the port, dotted. */
    public String address() { return address; }
    public int prefixLength() { return prefixLength; }
    /** The gateway, dotted, or empty. */
    public String gateway() { return gateway; }
    public int udpPort() { return udpPort; }
    public int queues() { return queues; }
    public int mbufs() { return mbufs; }
    public int rxDescriptors() { return rxDescriptors; }
    public int txDescriptors() { return txDescriptors; }
    public int arpCache() { return arpCache; }
    public boolean checksumOffload() { return checksumOffload; }

    /** The host candidates to announce: {@code [webrtc] candidates} when set, else this port's address. */
    public List<InetAddress> candidateAddresses(final WebRtcConfig webrtc) {
        final List<InetAddress> configured = webrtc.candidates().isEmpty() ? List.of() : webrtc.candidateAddresses();
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            return List.of(InetAddress.getByName(address));
        } catch (final UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString() {
        return "[dpdk] device=" + device + " address=" + address + '/' + prefixLength
            + (gateway.isEmpty() ? "" : " gateway=" + gateway) + " udp_port=" + udpPort + " queues=" + queues
            + " eal=" + ealArgs();
    }
}
