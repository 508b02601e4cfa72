package io.deltad.io.dpdk;

import io.deltad.config.DpdkConfig;
import io.deltad.io.packet.PacketIo;
import org.agrona.concurrent.status.CountersManager;

/**
 * {@code io.mode = "dpdk"} as the appliance starts it: EAL from {@code [dpdk]}, the port configured and started with a
 * queue pair per IoAgent, each queue's UDP port steered to it ({@link DpdkPort#steer}), and {@link #open(int)} as
 * the WebRTC transport's packet I/O factory (IoAgent q gets queue q, serving {@code udp_port + q} on the port's
 * address).
 */
public final class DpdkPacketPath {
    private final DpdkPort port;
    private final Ipv4Interface iface;
    private final int udpPort;
    private final int burst;
    private final int arpCache;
    private final DpdkCounters counters;

    private DpdkPacketPath(final DpdkPort port, final Ipv4Interface iface, final int udpPort, final int burst,
        final int arpCache, final DpdkCounters counters) {
        this.port = port;
        this.iface = iface;
        this.udpPort = udpPort;
        this.burst = burst;
        this.arpCache = arpCache;
        this.counters = counters;
    }

    /**
     * Starts EAL and the port; {@code burst} datagrams per RX/TX burst ({@code [webrtc] burst}); the drop and packet
     * counters go into {@code counters} (the appliance's counters file).
     */
    public static DpdkPacketPath start(final DpdkConfig config, final int burst, final CountersManager counters) {
        DpdkEal.start(config.ealArgs());
        final Ipv4Interface iface = Ipv4Interface.parse(config.address() + '/' + config.prefixLength(), config.gateway());
        final DpdkPort port = DpdkPort.open(config.device(), config.queues(), config.mbufs(), config.rxDescriptors(),
            config.txDescriptors(), config.checksumOffload());
        port.steer(iface.address(), config.udpPort());
        return new DpdkPacketPath(port, iface, config.udpPort(), burst, config.arpCache(), new DpdkCounters(counters));
    }

    /** The packet I/O of IoAgent {@code ioIndex}: queue {@code ioIndex} of the port. */
    public PacketIo open(final int ioIndex) {
        return port.queue(ioIndex, iface, udpPort + ioIndex, burst, arpCache, counters);
    }

    public DpdkPort port() {
        return port;
    }

    public Ipv4Interface iface() {
        return iface;
    }
}
