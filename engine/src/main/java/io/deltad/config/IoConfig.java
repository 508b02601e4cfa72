package io.deltad.config;

import java.util.List;

/**
 * {@code [io]}: which packet path carries the WebRTC sessions. {@code mode = "udp"} (default, any host): kernel UDP
 * sockets bound as {@code [webrtc]} says. {@code mode = "dpdk"} (bare metal): a NIC queue per IoAgent driven by DPDK,
 * configured in {@code [dpdk]}; signaling, metrics and the control socket stay on the kernel's stack either way.
 */
public final class IoConfig {
    static final String SECTION = "io";
    private static final List<String> KEYS = List.of("mode");

    /** The packet path. */
    public enum Mode {
        /** Kernel UDP sockets ({@code UdpPacketIo}). */
        UDP,
        /** DPDK poll-mode drivers ({@code DpdkPacketIo}). */
        DPDK
    }

    private final Mode mode;

    private IoConfig(final Mode mode) {
        this.mode = mode;
    }

    static IoConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        return new IoConfig(reader.choice("mode", Mode.UDP, Mode.class));
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "[io] mode=" + SectionReader.configName(mode);
    }
}
