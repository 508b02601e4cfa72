package io.deltad.tools.bench;

import io.deltad.io.dpdk.NetworkNamespace;

import io.deltad.bindings.dpdk.DpdkLibrary;
import io.deltad.bindings.dpdk.rte_mbuf;
import io.deltad.io.dpdk.DpdkEal;
import io.deltad.io.dpdk.DpdkPacketIo;
import io.deltad.io.dpdk.DpdkPort;
import io.deltad.io.dpdk.Frames;
import io.deltad.io.dpdk.Ipv4Interface;
import io.deltad.io.dpdk.NetworkNamespace;
import io.deltad.io.packet.UdpPacketIo;
import io.deltad.wire.FrameHeader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code deltabench dpdk}: the appliance's egress packet layer, per core. One sending thread hands full
 * {@link io.deltad.io.packet.DatagramBurst}s of WebRTC-egress-sized datagrams to one peer, for the same time, through
 * <ul>
 *   <li>{@code dpdk}: {@link DpdkPacketIo} on {@code net_null} (a port whose transmit frees the mbufs: the stack's own
 *       cost, no I/O) or on {@code net_af_packet} over a veth pair into a namespace this run makes, the kernel there
 *       receiving (and dropping: nothing listens) every datagram;</li>
 *   <li>{@code raw}: the same shim calls on the same queue with frames built beforehand ({@link RawShimPath}), the
 *       floor under {@code dpdk}: their difference per datagram is the Java overhead of DpdkPacketIo;</li>
 *   <li>{@code udp}: {@link UdpPacketIo} ({@code sendmmsg}) on loopback to a socket a reader thread on another CPU
 *       drains;</li>
 *   <li>{@code checksum}: the IPv4 and UDP checksums alone, computed in software as DpdkPacketIo does when the port
 *       does not offload them (net_null and net_af_packet do not): the part of the Java overhead a NIC would take.</li>
 * </ul>
 * Per core = datagrams ÷ CPU seconds of the sending thread ({@code ThreadMXBean}), so other work on the machine does
 * not count; the paths take turns in {@code --rounds} slices so that a disturbance hits them all.
 *
 * <p>Delivered deltas/s: on net_null derived (datagrams per core × the deltas a datagram of this size carries, and
 * named so in the JSON); on net_af_packet measured, by {@link WebRtcBench} run twice against the appliance started in
 * the namespace, its sessions once on kernel UDP and once in {@code io.mode = "dpdk"} on net_af_packet.
 * docs/PERFORMANCE.md §11 describes every choice.
 */
@Command(name = "dpdk", mixinStandardHelpOptions = true,
    description = "Egress packets/s per core of DpdkPacketIo on net_null or net_af_packet against UdpPacketIo on "
        + "loopback and the raw DPDK shim loop, measured in the same run.")
public final class DpdkBench implements Callable<Integer> {
    /** Ratio of DPDK to UDP packets per core the issue asks for on net_null. */
    static final double TARGET_RATIO = 5;
    /** Java nanoseconds per datagram (DpdkPacketIo minus the raw shim loop) the issue allows. */
    static final double TARGET_JAVA_NS = 100;
    /** DTLS 1.2 AES-GCM record (13 header + 8 explicit nonce + 16 tag) + SCTP common header + DATA chunk header. */
    static final int RECORD_AND_SCTP_OVERHEAD = 13 + 8 + 16 + 12 + 16;
    private static final String APPLIANCE_IP = "10.217.0.1";
    private static final String PEER_IP = "10.217.0.2";
    private static final int APPLIANCE_PORT = 9000;
    private static final int PEER_PORT = 9001;
    /** The peer's MAC on net_null, where nothing answers ARP: learnt by hand, as DpdkAllocationTest does. */
    private static final long NULL_PEER_MAC = 0x02_00_00_00_03_02L;
    private static final int MBUFS = 4095;
    private static final int DESCRIPTORS = 512;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--vdev", description = "net_null0 (no I/O: the stack's own cost) or af_packet (a veth pair into a "
        + "network namespace this run makes; root) (default ${DEFAULT-VALUE}).")
    String vdev = "net_null0";
    @Option(names = "--size", description = "UDP payload bytes of each datagram: the WebRTC egress sends DTLS records "
        + "of SCTP packets of about 1,200 bytes; 153 = one 64-byte delta in its own record (default ${DEFAULT-VALUE}).")
    int size = 1200;
    @Option(names = "--delta-size", description = "Delta payload bytes, for the derived deltas per datagram: "
        + "(size - 65) / (delta-size + 24), at least 1 (default ${DEFAULT-VALUE}).")
    int deltaSize = 64;
    @Option(names = "--duration", description = "Measured seconds of each path (default ${DEFAULT-VALUE}).")
    double durationSec = 6;
    @Option(names = "--rounds", description = "Slices each path's measured time is cut into, the paths taking turns "
        + "(default ${DEFAULT-VALUE}).")
    int rounds = 3;
    @Option(names = "--warmup", description = "Warm-up seconds of each path before the first slice (default ${DEFAULT-VALUE}).")
    double warmupSec = 1;
    @Option(names = "--burst", description = "Datagrams per burst (the appliance's [webrtc] burst) (default ${DEFAULT-VALUE}).")
    int burst = 32;
    @Option(names = "--cpu", description = "CPU of the sending thread, -1 = unpinned (default ${DEFAULT-VALUE}).")
    int cpu = 0;
    @Option(names = "--reader-cpu", description = "CPU of the thread draining the UDP sink socket, -1 = unpinned "
        + "(default ${DEFAULT-VALUE}).")
    int readerCpu = 1;
    @Option(names = "--udp-sink", description = "read: a thread on --reader-cpu drains the loopback sink socket; "
        + "unread: nobody does and the kernel drops what overflows it (as the webrtc benchmark's UDP baseline) "
        + "(default ${DEFAULT-VALUE}).")
    UdpSink udpSink = UdpSink.read;
    @Option(names = "--webrtc-duration", description = "With af_packet: then measure delivered deltas for real, "
        + "deltabench webrtc's clients against the appliance in the namespace, once over kernel UDP and once in "
        + "io.mode = dpdk on net_af_packet, this many seconds each; 0 = skip (default ${DEFAULT-VALUE}).")
    double webrtcDurationSec = 10;
    @Option(names = "--webrtc-warmup", description = "Warm-up seconds of each WebRTC run (default ${DEFAULT-VALUE}).")
    double webrtcWarmupSec = 8;
    @Option(names = "--webrtc-subscribers", description = "Subscriber sessions of the WebRTC runs (default ${DEFAULT-VALUE}).")
    int webrtcSubscribers = 16;
    @Option(names = "--webrtc-size", description = "Delta payload bytes of the WebRTC runs (default ${DEFAULT-VALUE}).")
    int webrtcSize = 64;
    @Option(names = "--launch", description = "How the WebRTC runs start the appliance: deltad (bin/deltad) or java "
        + "(this JVM's java and class path) (default ${DEFAULT-VALUE}).")
    WebRtcBench.Launch launch = WebRtcBench.Launch.deltad;
    @Option(names = "--json", description = "Print the result as one JSON object on the last line.")
    boolean json;

    enum UdpSink { read, unread }

    @Override
    public Integer call() throws Exception {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final boolean afPacket = isAfPacket();
        if (!DpdkLibrary.isAvailable()) {
            throw new CommandLine.ExecutionException(spec.commandLine(), "the DPDK shim does not load: "
                + DpdkLibrary.unavailableReason());
        }
        final String netnsProblem = afPacket ? NetworkNamespace.unavailableReason() : null;
        if (netnsProblem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--vdev af_packet " + netnsProblem);
        }
        out.printf(Locale.ROOT, "deltabench dpdk: %s, %d-byte UDP payloads (%d-byte frames), bursts of %d, %.1f s per "
                + "path in %d rounds after %.1f s of warm-up, sending thread on CPU %d, UDP sink %s%n",
            afPacket ? "net_af_packet on a veth pair into a namespace" : vdev, size, Frames.UDP_PAYLOAD + size, burst,
            durationSec, rounds, warmupSec, cpu, udpSink == UdpSink.read ? "read on CPU " + readerCpu : "unread");
        out.printf(Locale.ROOT, "machine: %d CPUs, JDK %s, load average at start %s%n",
            Runtime.getRuntime().availableProcessors(), Runtime.version(), WebRtcBench.loadAverage());
        out.flush();
        final long id = ProcessHandle.current().pid() % 100_000;
        try (NetworkNamespace namespace = afPacket ? NetworkNamespace.create("deltabench-" + id) : null) {
            final String device;
            final String devargs;
            if (afPacket) {
                final String hostEnd = "dbp" + id + "a";
                namespace.veth(hostEnd, null, "dbp" + id + "b", PEER_IP + "/24");
                device = "net_af_packet" + id;
                devargs = device + ",iface=" + hostEnd + ",qpairs=1";
            } else {
                device = vdev;
                devargs = vdev;
            }
            DpdkEal.start(List.of("--no-huge", "--no-pci", "--no-shconf", "-m", "512", "-l",
                Integer.toString(Math.max(cpu, 0)), "--no-telemetry", "--log-level", "lib.eal:warning",
                "--vdev", devargs));
            final String loadBefore = WebRtcBench.loadAverage();
            final Map<String, Long> snmpBefore = afPacket ? kernelUdp(namespace) : Map.of();
            final Measured measured = measure(device, afPacket, out);
            final Map<String, Long> snmpAfter = afPacket ? kernelUdp(namespace) : Map.of();
            final Map<String, Long> kernel = new LinkedHashMap<>();
            snmpAfter.forEach((name, value) -> kernel.put(name, value - snmpBefore.getOrDefault(name, 0L)));
            final Result result = new Result(this, device, measured, kernel, loadBefore, WebRtcBench.loadAverage());
            result.print(out);
            out.flush();
            final WebRtcRuns webrtc = afPacket && webrtcDurationSec > 0 ? webrtc(namespace, id) : null;
            if (webrtc != null) {
                webrtc.print(out, result.deliveredPerSec());
            }
            if (json) {
                out.println(result.json(webrtc));
            }
            out.flush();
            return 0;
        }
    }

    /** deltabench webrtc twice, same namespace, same clients: the appliance's sessions on kernel UDP, then on DPDK. */
    record WebRtcRuns(WebRtcBench.Result udp, WebRtcBench.Result dpdk, int subscribers, int size) {
        double ratio() {
            return udp.perServerCore() > 0 ? dpdk.perServerCore() / udp.perServerCore() : 0;
        }

        void print(final PrintWriter out, final double derivedPerSec) {
            out.println();
            out.printf(Locale.ROOT, "WebRTC, appliance in the namespace, %d subscribers, %d-byte deltas:%n", subscribers,
                size);
            out.printf(Locale.ROOT, "%-34s %14s %14s %12s %22s%n", "sessions' packet I/O", "delivered/s", "server CPU %",
                "p50 us", "delivered/s per core");
            for (final Object[] row : new Object[][] {{"kernel UDP (veth)", udp}, {"DPDK net_af_packet (veth)", dpdk}}) {
                final WebRtcBench.Result r = (WebRtcBench.Result) row[1];
                out.printf(Locale.ROOT, "%-34s %,14.0f %14.1f %,12.0f %,22.0f%n", row[0], r.deliveredPerSec(),
                    r.serverCpuPercent(), r.p50Us(), r.perServerCore());
            }
            out.printf(Locale.ROOT, "%-58s %10.2f%n", "dpdk / udp, delivered deltas per server core", ratio());
            out.printf(Locale.ROOT, "%-58s %,10.0f%n", "packet layer alone, derived (above)", derivedPerSec);
        }
    }

    private WebRtcRuns webrtc(final NetworkNamespace namespace, final long id) throws Exception {
        final String signalingHost = "10.219.0.1";
        namespace.veth("dbs" + id + "a", "10.219.0.2/24", "dbs" + id + "b", signalingHost + "/24");
        final String dataEnd = "dbd" + id + "b";
        namespace.veth("dbd" + id + "a", "10.218.0.2/24", dataEnd, null);
        namespace.fullChecksums("dbd" + id + "a", false);
        final List<String> prefix = namespace.prefixed(List.of());
        final WebRtcBench.Network udp = new WebRtcBench.Network(signalingHost, signalingHost,
            InetAddress.ofLiteral("10.219.0.2"), prefix, "",
            "in namespace " + namespace.name() + ", sessions on kernel UDP over a veth pair");
        final WebRtcBench.Network dpdk = new WebRtcBench.Network(signalingHost, signalingHost,
            InetAddress.ofLiteral("10.218.0.2"), prefix, """

            [io]
            mode = "dpdk"

            [dpdk]
            device = "net_af_packet0"
            vdevs = ["net_af_packet0,iface=%s,qpairs=1"]
            address = "10.218.0.1/24"
            udp_port = 50000
            hugepages = false
            memory = "512MiB"
            mbufs = 4095
            rx_descriptors = 512
            tx_descriptors = 512
            eal_args = ["--log-level=lib.eal:warning"]
            """.formatted(dataEnd),
            "in namespace " + namespace.name() + ", sessions on DPDK net_af_packet over a veth pair");
        return new WebRtcRuns(webrtcRun(udp), webrtcRun(dpdk), webrtcSubscribers, webrtcSize);
    }

    private WebRtcBench.Result webrtcRun(final WebRtcBench.Network network) throws Exception {
        final WebRtcBench bench = new WebRtcBench();
        final CommandLine commandLine = new CommandLine(bench);
        commandLine.setOut(spec.commandLine().getOut());
        commandLine.setErr(spec.commandLine().getErr());
        commandLine.parseArgs("--subscribers", Integer.toString(webrtcSubscribers), "--size",
            Integer.toString(webrtcSize), "--duration", Double.toString(webrtcDurationSec), "--warmup",
            Double.toString(webrtcWarmupSec), "--baseline", "0", "--launch", launch.name());
        bench.network = network;
        final PrintWriter out = spec.commandLine().getOut();
        out.println();
        final WebRtcBench.Result result = bench.measure();
        result.print(out, false);
        out.flush();
        return result;
    }

    private boolean isAfPacket() {
        return vdev.equals("af_packet") || vdev.startsWith("net_af_packet");
    }

    /** What the sending thread measured, per path, and the counts that say whether it was what it seems. */
    record Measured(Map<String, PacketLoad.Sample> samples, long udpReceived, long dpdkDrops, String dpdkCounts,
                    long rawRefused, boolean checksumOffload) {
    }

    private Measured measure(final String device, final boolean afPacket, final PrintWriter out) throws Exception {
        final int applianceIp = Ipv4Interface.ipv4(APPLIANCE_IP);
        final int peerIp = Ipv4Interface.ipv4(PEER_IP);
        final DpdkPort port = DpdkPort.open(device, 1, MBUFS, DESCRIPTORS, DESCRIPTORS, true);
        final DpdkPacketIo dpdk = port.queue(0, new Ipv4Interface(applianceIp, 24, 0), APPLIANCE_PORT, burst, 64);
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<Measured> result = new AtomicReference<>();
        try (UdpPacketIo sink = new UdpPacketIo(loopback, 0, burst, UdpBaseline.SOCKET_BUFFER_BYTES);
             UdpPacketIo udp = new UdpPacketIo(loopback, 0, burst, UdpBaseline.SOCKET_BUFFER_BYTES);
             Arena arena = Arena.ofShared()) {
            final SinkReader reader = new SinkReader(sink, readerCpu);
            final MemorySegment checksumFrame = arena.allocate(Frames.UDP_PAYLOAD + size, 64);
            final Thread sender = new Thread(() -> {
                try {
                    ThreadPlacement.pin(cpu);
                    result.set(send(dpdk, port, applianceIp, peerIp, afPacket, udp, sink, reader, checksumFrame, out));
                } catch (final Throwable ex) {
                    failure.set(ex);
                } finally {
                    dpdk.close(); // on its owner thread: unregisters it from EAL; the last queue stops the port
                }
            }, "deltabench-sender");
            if (udpSink == UdpSink.read) {
                reader.start();
            }
            sender.start();
            sender.join();
            reader.stop();
        } finally {
            dpdk.close(); // if the sender never ran
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the sending thread failed: " + failure.get(), failure.get());
        }
        return result.get();
    }

    /** The sending thread: ARP, warm-up, then every path in turn, slice by slice. */
    private Measured send(final DpdkPacketIo dpdk, final DpdkPort port, final int applianceIp, final int peerIp,
        final boolean afPacket, final UdpPacketIo udp, final UdpPacketIo sink, final SinkReader reader,
        final MemorySegment checksumFrame, final PrintWriter out) {
        final long peerMac = afPacket ? resolve(dpdk, peerIp) : learn(dpdk, peerIp);
        out.printf(Locale.ROOT, "dpdk port %s: mac %s, checksums %s; peer %s at %s%n", port.device(),
            Frames.macText(port.mac()), port.checksumOffload() ? "offloaded" : "in software", PEER_IP,
            Frames.macText(peerMac));
        out.flush();
        final Map<String, PacketLoad.Path> paths = new LinkedHashMap<>();
        paths.put("dpdk", PacketLoad.of(dpdk, size, peerIp, PEER_PORT));
        final int cache = Math.min(256, MBUFS / 8); // as DpdkPort's own pools
        try (RawShimPath raw = RawShimPath.open(port.portId(), 0, burst, MBUFS, cache, port.mac(), peerMac,
            applianceIp, peerIp, APPLIANCE_PORT, PEER_PORT, size)) {
            paths.put("raw", raw);
            paths.put("udp", PacketLoad.of(udp, size, UdpBaseline.LOOPBACK_IP, sink.localAddress().getPort()));
            paths.put("checksum", checksums(checksumFrame, applianceIp, peerIp));
            final long warmupNs = (long) (warmupSec * 1e9);
            final long sliceNs = (long) (durationSec * 1e9 / rounds);
            for (final Map.Entry<String, PacketLoad.Path> path : paths.entrySet()) {
                reader.active(path.getKey().equals("udp"));
                PacketLoad.run(path.getValue(), warmupNs);
            }
            final Map<String, PacketLoad.Sample> samples = new LinkedHashMap<>();
            final long dropsBefore = dpdk.sendDrops();
            final long refusedBefore = raw.refused();
            final long receivedBefore = reader.received();
            for (int round = 0; round < rounds; round++) {
                for (final Map.Entry<String, PacketLoad.Path> path : paths.entrySet()) {
                    reader.active(path.getKey().equals("udp"));
                    samples.merge(path.getKey(), PacketLoad.run(path.getValue(), sliceNs), PacketLoad.Sample::plus);
                }
            }
            reader.active(false);
            return new Measured(samples, reader.received() - receivedBefore, dpdk.sendDrops() - dropsBefore,
                dpdk.countsText(), raw.refused() - refusedBefore, port.checksumOffload());
        }
    }

    /** net_null: nothing answers ARP, so the peer's entry is put in the cache (it stays: no refresh is answered). */
    private static long learn(final DpdkPacketIo dpdk, final int peerIp) {
        dpdk.arpCache().learn(peerIp, NULL_PEER_MAC, System.nanoTime(), true);
        return NULL_PEER_MAC;
    }

    /** net_af_packet: the first datagrams go out as ARP requests; the kernel in the namespace answers. */
    private long resolve(final DpdkPacketIo dpdk, final int peerIp) {
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (dpdk.arpCache().lookup(peerIp) < 0) {
            if (System.nanoTime() > deadlineNs) {
                throw new IllegalStateException("the kernel in the namespace did not answer ARP for " + PEER_IP
                    + " within 10 s: " + dpdk.countsText());
            }
            final int slot = dpdk.tx().claim();
            dpdk.tx().commit(slot, size, peerIp, PEER_PORT);
            dpdk.send();
            LockSupport.parkNanos(10_000_000L);
            dpdk.receive();
        }
        return dpdk.arpCache().lookup(peerIp);
    }

    /** The IPv4 header and UDP checksums of a frame of this run's size, {@code burst} of them per burst. */
    private PacketLoad.Path checksums(final MemorySegment segment, final int srcIp, final int dstIp) {
        segment.fill((byte) 0x5A);
        // Through the same whole-memory segment DpdkPacketIo reads mbufs with (no liveness check per access).
        final MemorySegment memory = rte_mbuf.MEMORY;
        final long frame = segment.address();
        Frames.udpHeaders(memory, frame, NULL_PEER_MAC, NULL_PEER_MAC, srcIp, dstIp, APPLIANCE_PORT, PEER_PORT, 0, 64,
            size);
        final int udpLength = Frames.UDP_HEADER + size;
        return new PacketLoad.Path() {
            private long done;

            @Override
            public void burst() {
                for (int i = 0; i < burst; i++) {
                    Frames.u16(memory, frame + Frames.IPV4_CHECKSUM, 0);
                    Frames.u16(memory, frame + Frames.UDP_PAYLOAD - Frames.UDP_HEADER + Frames.UDP_CHECKSUM, 0);
                    Frames.udpChecksums(memory, frame, srcIp, dstIp, udpLength);
                }
                done += burst;
            }

            @Override
            public long sent() {
                return done;
            }
        };
    }

    /** UDP counters of the kernel in the namespace ({@code /proc/net/snmp} read there). */
    private static Map<String, Long> kernelUdp(final NetworkNamespace namespace) throws java.io.IOException {
        return KernelUdpCounters.parse(namespace.outputInside(List.of("cat", "/proc/net/snmp")));
    }

    /** Drains the loopback sink while the UDP path runs, on another CPU; parked otherwise. */
    private static final class SinkReader implements Runnable {
        private final UdpPacketIo sink;
        private final int cpu;
        private final Thread thread;
        private final AtomicLong received = new AtomicLong();
        private volatile boolean active;
        private volatile boolean running = true;

        SinkReader(final UdpPacketIo sink, final int cpu) {
            this.sink = sink;
            this.cpu = cpu;
            this.thread = new Thread(this, "deltabench-udp-sink");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void active(final boolean on) {
            active = on;
        }

        long received() {
            return received.get();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread.isAlive()) {
                thread.join(5_000);
            }
        }

        @Override
        public void run() {
            ThreadPlacement.pin(cpu);
            long count = 0;
            while (running) {
                if (!active) {
                    LockSupport.parkNanos(1_000_000L);
                    continue;
                }
                final int n = sink.receive();
                if (n > 0) {
                    count += n;
                    received.lazySet(count);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private void validate() {
        final CommandLine cl = spec.commandLine();
        check(cl, vdev.startsWith("net_null") || isAfPacket(), "--vdev must be net_null<N> or af_packet");
        check(cl, size >= 1 && size <= 1472, "--size must be 1..1472 (one Ethernet frame of 1,500 MTU)");
        check(cl, deltaSize >= 1, "--delta-size must be >= 1");
        check(cl, durationSec > 0 && warmupSec >= 0, "--duration must be > 0 and --warmup >= 0");
        check(cl, rounds >= 1 && durationSec / rounds >= 0.05, "--rounds must be >= 1, slices of at least 50 ms");
        check(cl, burst >= 1 && burst <= 512, "--burst must be 1..512");
        check(cl, webrtcDurationSec >= 0 && webrtcWarmupSec >= 0, "--webrtc-duration and --webrtc-warmup must be >= 0");
    }

    private static void check(final CommandLine cl, final boolean condition, final String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(cl, message);
        }
    }

    /** Deltas of {@code deltaSize} one datagram of {@code size} carries: frames of the DataChannel message in its record. */
    int deltasPerDatagram() {
        return Math.max(1, (size - RECORD_AND_SCTP_OVERHEAD) / (deltaSize + FrameHeader.LENGTH));
    }

    /** The figures, as a table and as JSON. */
    record Result(DpdkBench o, String device, Measured m, Map<String, Long> kernelUdp, String loadBefore,
                  String loadAfter) {
        PacketLoad.Sample sample(final String path) {
            return m.samples().getOrDefault(path, PacketLoad.Sample.ZERO);
        }

        double ratio() {
            final double udp = sample("udp").perCpuSec();
            return udp > 0 ? sample("dpdk").perCpuSec() / udp : 0;
        }

        double javaOverheadNs() {
            return sample("dpdk").cpuNsPerDatagram() - sample("raw").cpuNsPerDatagram();
        }

        void print(final PrintWriter out) {
            final String[][] rows = {
                {"dpdk", "DpdkPacketIo on " + device},
                {"raw", "raw shim loop (alloc_bulk + tx_burst)"},
                {"udp", "UdpPacketIo sendmmsg, loopback"},
                {"checksum", "software IPv4+UDP checksums only"}};
            out.println();
            out.printf(Locale.ROOT, "%-40s %14s %16s %12s %10s %12s%n", "path", "datagrams/s", "per core (CPU s)",
                "CPU ns/dgram", "sender CPU", "allocated B");
            for (final String[] row : rows) {
                final PacketLoad.Sample s = sample(row[0]);
                out.printf(Locale.ROOT, "%-40s %,14.0f %,16.0f %12.1f %9.1f%% %,12d%n", row[1], s.perSec(),
                    s.perCpuSec(), s.cpuNsPerDatagram(), s.cpuPercent(), s.allocatedBytes());
            }
            out.println();
            final double ratio = ratio();
            final double overhead = javaOverheadNs();
            final double checksumNs = sample("checksum").cpuNsPerDatagram();
            final boolean onNull = device.startsWith("net_null");
            out.printf(Locale.ROOT, "%-58s %10.2f  (target on net_null >= %.0f%s)%n", "dpdk / udp, datagrams per core",
                ratio, TARGET_RATIO, onNull ? ": " + (ratio >= TARGET_RATIO ? "met" : "missed") : "");
            out.printf(Locale.ROOT, "%-58s %10.2f%n", "raw shim loop / udp, datagrams per core",
                sample("udp").perCpuSec() > 0 ? sample("raw").perCpuSec() / sample("udp").perCpuSec() : 0);
            out.printf(Locale.ROOT, "%-58s %10.1f  (target on net_null < %.0f%s)%n",
                "Java overhead ns/datagram (dpdk - raw)", overhead, TARGET_JAVA_NS,
                onNull ? ": " + (overhead < TARGET_JAVA_NS ? "met" : "missed") : "");
            out.printf(Locale.ROOT, "%-58s %10.1f%n", "  of which software checksums (a NIC offloads them)", checksumNs);
            out.printf(Locale.ROOT, "%-58s %10.1f%n", "  Java overhead less checksums (estimate)", overhead - checksumNs);
            out.printf(Locale.ROOT, "%-58s %10d%n", "deltas per datagram (" + o.deltaSize + "-byte deltas)",
                o.deltasPerDatagram());
            out.printf(Locale.ROOT, "%-58s %,10.0f  (derived: dpdk per core x deltas per datagram)%n",
                "delivered deltas/s per core", deliveredPerSec());
            out.printf(Locale.ROOT, "%-58s %,10d%n", "udp datagrams received by the sink", m.udpReceived());
            out.printf(Locale.ROOT, "%-58s %,10d / %,d%n", "dpdk transmit drops / raw refused", m.dpdkDrops(),
                m.rawRefused());
            out.printf("dpdk queue counts: %s%n", m.dpdkCounts());
            if (!kernelUdp.isEmpty()) {
                out.printf("kernel in the namespace, UDP counters during the run: %s%n", kernelUdp);
            }
            out.printf("load average (1/5/15 min): %s -> %s%n", loadBefore, loadAfter);
        }

        /** The JSON line; {@code webrtc} (null: not run) makes delivered_per_sec a measured figure. */
        String json(final WebRtcRuns webrtc) {
            final PacketLoad.Sample dpdk = sample("dpdk");
            final PacketLoad.Sample raw = sample("raw");
            final PacketLoad.Sample udp = sample("udp");
            final ObjectNode line = new ObjectMapper().createObjectNode().put("benchmark", "dpdk").put("vdev", o.vdev).put("device", device)
                .put("size", o.size).put("frame_bytes", Frames.UDP_PAYLOAD + o.size).put("burst", o.burst)
                .put("duration_s", round(o.durationSec, 1)).put("rounds", o.rounds)
                .put("checksum_offload", m.checksumOffload())
                .put("packets_per_sec_per_core", Math.round(dpdk.perCpuSec()))
                .put("packets_per_sec", Math.round(dpdk.perSec()))
                .put("dpdk_ns_per_packet", round(dpdk.cpuNsPerDatagram(), 1))
                .put("dpdk_sender_cpu_percent", round(dpdk.cpuPercent(), 1))
                .put("raw_packets_per_sec_per_core", Math.round(raw.perCpuSec()))
                .put("raw_ns_per_packet", round(raw.cpuNsPerDatagram(), 1))
                .put("udp_packets_per_sec_per_core", Math.round(udp.perCpuSec()))
                .put("udp_packets_per_sec", Math.round(udp.perSec()))
                .put("udp_ns_per_packet", round(udp.cpuNsPerDatagram(), 1))
                .put("udp_sender_cpu_percent", round(udp.cpuPercent(), 1))
                .put("udp_sink", o.udpSink.name())
                .put("udp_received", m.udpReceived())
                .put("dpdk_vs_udp_per_core", round(ratio(), 2))
                .put("java_overhead_ns_per_packet", round(javaOverheadNs(), 1))
                .put("checksum_ns_per_packet", round(sample("checksum").cpuNsPerDatagram(), 1))
                .put("deltas_per_datagram", o.deltasPerDatagram())
                .put("delivered_per_sec", Math.round(webrtc != null ? webrtc.dpdk().deliveredPerSec()
                    : deliveredPerSec()))
                .put("delivered_per_sec_source", webrtc != null
                    ? "measured: deltabench webrtc clients, appliance in io.mode=dpdk on net_af_packet"
                    : "derived: packets_per_sec_per_core x deltas_per_datagram")
                .put("delivered_per_sec_derived", Math.round(deliveredPerSec()))
                .put("dpdk_allocated_bytes", dpdk.allocatedBytes())
                .put("raw_allocated_bytes", raw.allocatedBytes())
                .put("udp_allocated_bytes", udp.allocatedBytes())
                .put("dpdk_send_drops", m.dpdkDrops())
                .put("load_before", loadBefore).put("load_after", loadAfter);
            if (device.startsWith("net_null")) {
                line.put("target_ratio_met", ratio() >= TARGET_RATIO)
                    .put("target_java_overhead_met", javaOverheadNs() < TARGET_JAVA_NS);
            }
            kernelUdp.forEach((name, value) -> line.put("netns_udp_" + name.toLowerCase(Locale.ROOT), value));
            if (webrtc != null) {
                line.put("webrtc_subscribers", webrtc.subscribers()).put("webrtc_size", webrtc.size())
                    .put("webrtc_dpdk_delivered_per_sec", Math.round(webrtc.dpdk().deliveredPerSec()))
                    .put("webrtc_dpdk_server_cpu_percent", round(webrtc.dpdk().serverCpuPercent(), 1))
                    .put("webrtc_dpdk_deltas_per_sec_per_server_core", Math.round(webrtc.dpdk().perServerCore()))
                    .put("webrtc_dpdk_p50_us", round(webrtc.dpdk().p50Us(), 1))
                    .put("webrtc_udp_delivered_per_sec", Math.round(webrtc.udp().deliveredPerSec()))
                    .put("webrtc_udp_server_cpu_percent", round(webrtc.udp().serverCpuPercent(), 1))
                    .put("webrtc_udp_deltas_per_sec_per_server_core", Math.round(webrtc.udp().perServerCore()))
                    .put("webrtc_udp_p50_us", round(webrtc.udp().p50Us(), 1))
                    .put("webrtc_dpdk_vs_udp_per_core", round(webrtc.ratio(), 2))
                    .put("webrtc_sessions_closed", webrtc.udp().sessionsClosed() + webrtc.dpdk().sessionsClosed());
            }
            return line.toString();
        }

        /** {@code value} rounded to {@code decimals} decimals, for the JSON line. */
        private static double round(final double value, final int decimals) {
            final double scale = Math.pow(10, decimals);
            return Math.round(value * scale) / scale;
        }

        double deliveredPerSec() {
            return sample("dpdk").perCpuSec() * o.deltasPerDatagram();
        }
    }
}
