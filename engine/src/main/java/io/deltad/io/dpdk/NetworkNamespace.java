package io.deltad.io.dpdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace that a test or a benchmark makes for itself (root only) with veth pairs into it, so that traffic
 * between a DPDK vdev ({@code net_af_packet} on the host end) and a kernel peer stays on this machine: {@code ip netns add}, {@code ip link add ... type veth peer ... netns}, removed with
 * everything in it by {@link #close()} (deleting the namespace deletes its veth pairs) or, if the run is interrupted,
 * by a shutdown hook.
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;
    private final Thread remover;
    private boolean closed;

    private NetworkNamespace(final String name) {
        this.name = name;
        this.remover = new Thread(this::delete, "deltabench-netns-del");
        Runtime.getRuntime().addShutdownHook(remover);
    }

    /** Whether this process may make namespaces (root), and the tools it needs are there; null when it can. */
    public static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (it creates a network namespace and veth pairs); running as "
                + System.getProperty("user.name");
        }
        try {
            if (run(List.of("ip", "-V")) != 0 || run(List.of("ethtool", "--version")) != 0) {
                return "iproute2 and ethtool are needed (bin/lib.sh ensure_dpdk installs them)";
            }
        } catch (final IOException ex) {
            return "iproute2 and ethtool are needed: " + ex.getMessage();
        }
        return null;
    }

    /** Makes namespace {@code name} (a leftover of a killed run of the same name is removed first), loopback up. */
    public static NetworkNamespace create(final String name) throws IOException {
        run(List.of("ip", "netns", "del", name));
        check(List.of("ip", "netns", "add", name));
        final NetworkNamespace namespace = new NetworkNamespace(name);
        namespace.inside(List.of("ip", "link", "set", "lo", "up"));
        return namespace;
    }

    public String name() {
        return name;
    }

    /**
     * A veth pair: {@code hostEnd} here, up, without IPv6 (no router solicitations) and not forwarding, with
     * {@code hostAddress} ("10.0.0.2/24") unless null; {@code peerEnd} in the namespace, up, with {@code peerAddress}
     * unless null.
     */
    public void veth(final String hostEnd, final String hostAddress, final String peerEnd, final String peerAddress)
        throws IOException {
        check(List.of("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", peerEnd, "netns", name));
        run(List.of("sysctl", "-q", "-w", "net.ipv6.conf." + hostEnd + ".disable_ipv6=1"));
        run(List.of("sysctl", "-q", "-w", "net.ipv4.conf." + hostEnd + ".forwarding=0"));
        if (hostAddress != null) {
            check(List.of("ip", "addr", "add", hostAddress, "dev", hostEnd));
        }
        check(List.of("ip", "link", "set", hostEnd, "up"));
        inside(List.of("sysctl", "-q", "-w", "net.ipv6.conf." + peerEnd + ".disable_ipv6=1"));
        if (peerAddress != null) {
            inside(List.of("ip", "addr", "add", peerAddress, "dev", peerEnd));
        }
        inside(List.of("ip", "link", "set", peerEnd, "up"));
    }

    /**
     * Moves {@code device} (a tap interface DPDK made, say) into the namespace, up, with {@code address} ("10.0.0.2/24")
     * and MAC {@code mac} ("02:00:00:00:00:02"; net_tap gives the kernel's end the port's own MAC otherwise).
     */
    public void adopt(final String device, final String address, final String mac) throws IOException {
        check(List.of("ip", "link", "set", device, "netns", name));
        inside(List.of("sysctl", "-q", "-w", "net.ipv6.conf." + device + ".disable_ipv6=1"));
        inside(List.of("ip", "link", "set", "dev", device, "address", mac));
        inside(List.of("ip", "addr", "add", address, "dev", device));
        inside(List.of("ip", "link", "set", device, "up"));
    }

    /**
     * Has the kernel compute full UDP checksums on {@code device} (in the namespace when {@code inside}): veth leaves
     * them partial (only the pseudo-header sum), which nothing completes before an AF_PACKET reader such as
     * {@code net_af_packet}, so DPDK would drop the kernel's datagrams as bad checksums.
     */
    public void fullChecksums(final String device, final boolean inside) throws IOException {
        final List<String> command = List.of("ethtool", "-K", device, "tx", "off");
        if (inside) {
            inside(command);
        } else {
            check(command);
        }
    }

    /** Runs {@code command} in the namespace; throws with its output if it fails. */
    public void inside(final List<String> command) throws IOException {
        check(prefixed(command));
    }

    /** Runs {@code command} in the namespace and returns its output ("" if it failed). */
    public String outputInside(final List<String> command) throws IOException {
        final Process process = new ProcessBuilder(prefixed(command)).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return waitFor(process) == 0 ? output : "";
    }

    /** {@code ip netns exec <name>} followed by {@code command}: it runs in the namespace, same pid (exec). */
    public List<String> prefixed(final List<String> command) {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    private void delete() {
        try {
            run(List.of("ip", "netns", "del", name));
        } catch (final IOException ignored) {
            // nothing more to do at exit
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(remover);
        } catch (final IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static int run(final List<String> command) throws IOException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return waitFor(process);
    }

    private static void check(final List<String> command) throws IOException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
        if (waitFor(process) != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private static int waitFor(final Process process) throws IOException {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }
}
