package io.deltad.io.dpdk;

import io.deltad.bindings.dpdk.deltad_dpdk_h;
import io.deltad.bindings.dpdk.rte_mbuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * DPDK's Environment Abstraction Layer, started once per process ({@code rte_eal_init} cannot run twice), on a short-
 * lived thread of its own: EAL pins the thread that starts it to the first core of {@code -l}, and that pin must not
 * leak to the threads the caller starts afterwards. IoAgent threads register themselves ({@code rte_thread_register},
 * {@link DpdkPacketIo}).
 *
 * <p>A second {@link #start(List)} in the same process (tests; an appliance restarted in one JVM) keeps the running
 * EAL, whose memory and core arguments stay as they were, and hot-plugs the {@code --vdev} devices it names that are
 * not there yet ({@code rte_dev_probe}).
 */
public final class DpdkEal {
    private static final Logger LOG = LoggerFactory.getLogger(DpdkEal.class);
    private static List<String> started;

    private DpdkEal() {
    }

    /** Starts EAL with {@code args} (without the program name), or hot-plugs their vdevs into the running one. */
    public static synchronized void start(final List<String> args) {
        if (started != null) {
            for (final String devargs : vdevs(args)) {
                probe(devargs);
            }
            return;
        }
        rte_mbuf.checkLayout();
        final List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add("deltad");
        argv.addAll(args);
        // EAL keeps pointers into argv (it may reorder it): the strings live as long as the process.
        final Arena arena = Arena.global();
        final MemorySegment pointers = arena.allocate(ValueLayout.ADDRESS, argv.size() + 1L);
        for (int i = 0; i < argv.size(); i++) {
            pointers.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(argv.get(i)));
        }
        pointers.setAtIndex(ValueLayout.ADDRESS, argv.size(), MemorySegment.NULL);
        // EAL pins the thread that initialises it to its main lcore, and threads inherit their creator's CPU mask: a
        // thread of its own keeps the caller (the appliance's main thread, which starts every agent) unpinned.
        final int[] result = new int[2];
        final Thread init = new Thread(() -> {
            result[0] = deltad_dpdk_h.deltad_eal_init(argv.size(), pointers);
            result[1] = deltad_dpdk_h.deltad_errno();
        }, "dpdk-eal-init");
        init.start();
        try {
            init.join();
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while DPDK EAL started", ex);
        }
        final int rc = result[0];
        if (rc < 0) {
            final int error = result[1];
            throw new IllegalStateException("DPDK EAL did not start: " + strerror(error) + " (rte_errno " + error
                + "); EAL arguments " + args + ". EAL's own log above says which argument or resource failed.");
        }
        started = List.copyOf(args);
        LOG.info("dpdk: EAL started with {}; {} port(s)", args, deltad_dpdk_h.deltad_port_count() & 0xFFFF);
    }

    public static synchronized boolean isStarted() {
        return started != null;
    }

    /** Hot-plugs a device ({@code "net_null1"}, {@code "net_af_packet0,iface=veth0"}); a device already there is kept. */
    public static synchronized void probe(final String devargs) {
        if (started == null) {
            throw new IllegalStateException("EAL not started");
        }
        final String name = devargs.split(",", 2)[0];
        if (DpdkPort.portId(name) >= 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            final int rc = deltad_dpdk_h.deltad_dev_probe(arena.allocateFrom(devargs));
            if (rc < 0) {
                throw new IllegalStateException("DPDK could not add device \"" + devargs + "\": " + strerror(-rc));
            }
        }
        LOG.info("dpdk: added device {}", devargs);
    }

    static List<String> vdevs(final List<String> args) {
        final List<String> vdevs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if (arg.equals("--vdev") && i + 1 < args.size()) {
                vdevs.add(args.get(++i));
            } else if (arg.startsWith("--vdev=")) {
                vdevs.add(arg.substring("--vdev=".length()));
            }
        }
        return vdevs;
    }

    static String strerror(final int error) {
        return deltad_dpdk_h.deltad_strerror(error).reinterpret(256).getString(0);
    }
}
