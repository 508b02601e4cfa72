package io.deltad.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code [webrtc]}: the kernel-UDP side of the DataChannel transport. Each IoAgent q binds its own UDP socket on
 * {@code address}, port {@code port + q} ({@code port = 0}: the kernel picks each), so the candidate in a session's
 * SDP answer names the port of the agent that owns the session and its datagrams never need to cross threads.
 *
 * <p>Off unless the section is present (or {@code enabled = true}): opening UDP ports is an operator's decision, and
 * tests that build appliances side by side must not collide on a default port.
 */
public final class WebRtcConfig {
    static final String SECTION = "webrtc";
    private static final List<String> KEYS = List.of("enabled", "address", "port", "candidates", "max_message_size",
        "handshake_timeout", "consent_timeout", "max_channels", "socket_buffer", "burst", "gso",
        "dedicated_channel_threshold", "dedicated_channel_reliable", "test_egress_loss", "test_loss_seed");

    private final boolean enabled;
    private final InetAddress address;
    private final int port;
    private final List<String> candidates;
    private final int maxMessageSize;
    private final long handshakeTimeoutNs;
    private final long consentTimeoutNs;
    private final int maxChannels;
    private final int socketBufferBytes;
    private final int burst;
    private final boolean gso;
    private final long dedicatedChannelThreshold;
    private final boolean dedicatedChannelReliable;
    private final double testEgressLoss;
    private final long testLossSeed;

    private WebRtcConfig(final SectionReader reader, final boolean present) {
        this.enabled = reader.bool("enabled", present);
        final String addressText = reader.string("address", "127.0.0.1").strip();
        try {
            final InetAddress parsed = InetAddress.ofLiteral(addressText);
            if (!(parsed instanceof Inet4Address)) {
                throw reader.fail("address", "must be an IPv4 address (IPv6 sessions are not supported yet), got \"" + addressText + '"');
            }
            this.address = parsed;
        } catch (final IllegalArgumentException ex) {
            throw reader.fail("address", "must be an IPv4 address literal such as \"127.0.0.1\" or \"0.0.0.0\", got \"" + addressText + '"');
        }
        this.port = (int) reader.integer("port", 0, 0, 65535);
        this.candidates = reader.strings("candidates", List.of());
        for (int i = 0; i < candidates.size(); i++) {
            try {
                if (!(InetAddress.ofLiteral(candidates.get(i)) instanceof Inet4Address)) {
                    throw new IllegalArgumentException();
                }
            } catch (final IllegalArgumentException ex) {
                throw reader.source().error(reader.elementPosition("candidates", i), reader.dotted("candidates") + '[' + i + ']',
                    "must be an IPv4 address literal, got \"" + candidates.get(i) + '"');
            }
        }
        if (address.isAnyLocalAddress() && candidates.isEmpty() && enabled) {
            throw reader.fail("candidates", "address = \"0.0.0.0\" needs the addresses to announce: candidates = [\"203.0.113.7\", ...]");
        }
        this.maxMessageSize = (int) reader.sizeBytes("max_message_size", 262_144, 1_024, 16L << 20);
        this.handshakeTimeoutNs = reader.durationNs("handshake_timeout", 10_000_000_000L, 1_000_000_000L, 120_000_000_000L);
        this.consentTimeoutNs = reader.durationNs("consent_timeout", 30_000_000_000L, 1_000_000_000L, 600_000_000_000L);
        this.maxChannels = (int) reader.integer("max_channels", 64, 1, 1024);
        this.socketBufferBytes = (int) reader.sizeBytes("socket_buffer", 4L << 20, 0, 1L << 30);
        this.burst = (int) reader.integer("burst", 32, 1, 1024);
        this.gso = reader.bool("gso", true);
        this.dedicatedChannelThreshold = reader.integer("dedicated_channel_threshold", 0, 0, Long.MAX_VALUE);
        this.dedicatedChannelReliable = reader.bool("dedicated_channel_reliable", false);
        this.testEgressLoss = reader.ratio("test_egress_loss", 0.0, 0.0, 0.5);
        this.testLossSeed = reader.integer("test_loss_seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static WebRtcConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        return new WebRtcConfig(reader, reader.present());
    }

    public boolean enabled() { return enabled; }
    /** The IPv4 address the UDP sockets bind. */
    public InetAddress address() { return address; }
    /** Base UDP port: IoAgent q binds {@code port + q}; 0 lets the kernel pick. */
    public int port() { return port; }

    /** The {@code candidates} key as written (empty when absent). */
    public List<String> candidates() { return candidates; }

    /** The addresses announced as host candidates: {@code candidates}, or the bind address when none are listed. */
    public List<InetAddress> candidateAddresses() {
        if (candidates.isEmpty()) {
            return List.of(address);
        }
        return candidates.stream().map(WebRtcConfig::literal).toList();
    }

    private static InetAddress literal(final String text) {
        try {
            return InetAddress.getByName(text);
        } catch (final UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The {@code a=max-message-size} we announce and enforce, bytes. */
    public int maxMessageSize() { return maxMessageSize; }
    public long handshakeTimeoutNs() { return handshakeTimeoutNs; }
    /** RFC 7675: a session without an authenticated connectivity check for this long is closed. */
    public long consentTimeoutNs() { return consentTimeoutNs; }
    /** DataChannels per session (the control channel included). */
    public int maxChannels() { return maxChannels; }
    public int socketBufferBytes() { return socketBufferBytes; }
    /** UDP GSO for runs of datagrams to one peer, where the kernel has it (kernel UDP only). */
    public boolean gso() { return gso; }
    /** Datagrams per receive / send call. */
    public int burst() { return burst; }
    /** Deltas/s of one document to one session above which its deltas move to a dedicated channel; 0: never. */
    public long dedicatedChannelThreshold() { return dedicatedChannelThreshold; }
    /** Whether dedicated channels are reliable and ordered (else unordered, maxRetransmits 0, with client repair). */
    public boolean dedicatedChannelReliable() { return dedicatedChannelReliable; }
    /** Fault injection for tests: the fraction of egress datagrams dropped (seeded). 0 in production. */
    public double testEgressLoss() { return testEgressLoss; }
    public long testLossSeed() { return testLossSeed; }

    @Override
    public String toString() {
        if (!enabled) {
            return "[webrtc] disabled";
        }
        return "[webrtc] address=" + address.getHostAddress() + " port=" + port + " candidates=" + candidateAddresses()
            .stream().map(InetAddress::getHostAddress).toList() + " max_message_size=" + maxMessageSize
            + (testEgressLoss > 0 ? " test_egress_loss=" + testEgressLoss : "");
    }
}
