package io.deltad.io.webrtc;

import io.deltad.app.Engine;
import io.deltad.counters.DeltadCounters;
import io.deltad.dtls.dtls.DtlsFingerprint;
import io.deltad.dtls.stun.IceCredentials;
import io.deltad.io.IoAgent;
import io.deltad.io.Session;
import io.deltad.io.SessionPort;
import io.deltad.io.SessionSpec;
import io.deltad.io.SessionTransport;
import io.deltad.io.packet.LossyPacketIo;
import io.deltad.io.packet.PacketIo;
import io.deltad.io.packet.UdpPacketIo;
import io.deltad.signaling.Admission;
import io.deltad.signaling.OfferParams;
import io.deltad.signaling.SessionBroker;
import org.agrona.concurrent.NanoClock;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebRTC DataChannels over kernel UDP as a whole: one {@link WebRtcPort} (own UDP socket, own port) per IoAgent, and
 * the {@link SessionBroker} signaling calls to open and close sessions. Opening a session admits it through the
 * engine (drain, session limit), gives it fresh ICE credentials, hands it to the next IoAgent, and answers with that
 * agent's UDP address as the host candidate: the browser's datagrams then reach the thread that owns the session
 * without any hand-off (DESIGN §2).
 *
 * <p>Threads: {@link #open}/{@link #close} on signaling threads; everything per session on its IoAgent.
 */
public final class WebRtcTransport implements SessionTransport, SessionBroker {
    private static final char[] ICE_CHARS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final int PASSWORD_LENGTH = 24;

    private final WebRtcSettings settings;
    private WebRtcCounters counters;
    private final NanoClock clock;
    private final PacketIoFactory packetIoFactory;
    private final List<InetAddress> candidateAddresses;
    private final List<WebRtcPort> ports = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Session> bySignalingId = new ConcurrentHashMap<>();
    private volatile Engine engine;

    /** Makes the packet I/O of IoAgent {@code ioIndex}. */
    @FunctionalInterface
    public interface PacketIoFactory {
        PacketIo open(int ioIndex);
    }

    public WebRtcTransport(final WebRtcSettings settings, final NanoClock clock, final PacketIoFactory packetIoFactory,
        final List<InetAddress> candidateAddresses) {
        this.settings = settings;
        this.clock = clock;
        this.packetIoFactory = packetIoFactory;
        this.candidateAddresses = List.copyOf(candidateAddresses);
    }

    /**
     * Kernel UDP: IoAgent q binds {@code address}:{@code basePort + q} ({@code basePort} 0: ephemeral ports), with UDP
     * GSO if {@code gso} and the kernel has it, and seeded egress loss when {@code lossRatio > 0} (tests only).
     */
    public static PacketIoFactory udp(final InetAddress address, final int basePort, final int burst,
        final int socketBufferBytes, final boolean gso, final double lossRatio, final long lossSeed) {
        return ioIndex -> {
            final PacketIo udp = new UdpPacketIo(address, basePort == 0 ? 0 : basePort + ioIndex, burst, socketBufferBytes,
                gso);
            return lossRatio > 0 ? new LossyPacketIo(udp, lossRatio, lossSeed + ioIndex) : udp;
        };
    }

    /** The engine whose admission and IoAgents serve the sessions; set once, before signaling starts. */
    public void engine(final Engine engine) {
        this.engine = engine;
    }

    @Override
    public synchronized SessionPort newPort(final int ioIndex, final DeltadCounters engineCounters) {
        if (counters == null) {
            counters = new WebRtcCounters(engineCounters);
        }
        final WebRtcPort port = new WebRtcPort(packetIoFactory.open(ioIndex), clock, settings, counters);
        ports.add(port);
        return port;
    }

    @Override
    public void bind(final int ioIndex, final IoAgent agent) {
        ports.get(ioIndex).bind(agent::detach, this::forget);
    }

    /** The port of IoAgent {@code ioIndex}; its methods belong to that agent's thread (tests, tools). */
    public WebRtcPort port(final int ioIndex) {
        return ports.get(ioIndex);
    }

    /** The addresses the answers announce as host candidates (with each session's agent's port). */
    public List<InetAddress> candidateAddresses() {
        return candidateAddresses;
    }

    /** The UDP address of each IoAgent's port, by agent index. */
    /** Each io agent's packet path, e.g. {@code udp 127.0.0.1:50000, gso} ({@code deltactl status}). Any thread. */
    public synchronized List<String> packetPaths() {
        return ports.stream().map(port -> port.packetIo().toString()).toList();
    }

    public List<InetSocketAddress> localAddresses() {
        return ports.stream().map(WebRtcPort::localAddress).toList();
    }

    // ---------------------------------------------------------------- SessionBroker (signaling threads)

    @Override
    public Admission open(final OfferParams offer, final SessionSpec claims, final InetSocketAddress remote) {
        final Engine engine = this.engine;
        if (engine == null) {
            return new Admission.Refused(503, "WebRTC transport is starting");
        }
        final DtlsFingerprint fingerprint;
        try {
            fingerprint = DtlsFingerprint.parse(offer.fingerprintAlgorithm() + ' '
                + HexFormat.ofDelimiter(":").formatHex(offer.fingerprint()));
        } catch (final IllegalArgumentException ex) {
            return new Admission.Refused(422, "a=fingerprint not usable: " + ex.getMessage());
        }
        final Session session;
        try {
            session = engine.admit(claims);
        } catch (final IllegalStateException ex) {
            return new Admission.Refused(503, ex.getMessage());
        }
        final String localUfrag = randomIceString(WebRtcSettings.UFRAG_LENGTH);
        final String localPassword = randomIceString(PASSWORD_LENGTH);
        final String signalingId = HexFormat.of().formatHex(randomBytes(16));
        final WebRtcPort port = ports.get(session.ioAgent());
        final WebRtcSession webRtc = new WebRtcSession(port, session,
            new IceCredentials(localUfrag, localPassword, offer.remoteUfrag(), session.id()), signalingId,
            new PeerOffer(fingerprint, offer.sctpPort(), offer.maxMessageSize()),
            settings.stagingBytes(offer.maxMessageSize()));
        session.transport(webRtc);
        session.port(port);
        bySignalingId.put(signalingId, session);
        if (!engine.attach(session, agent -> port.attach(webRtc))) {
            bySignalingId.remove(signalingId);
            return new Admission.Refused(503, "io agent " + session.ioAgent() + " is busy; retry");
        }
        final int udpPort = port.localAddress().getPort();
        final List<InetSocketAddress> candidates = candidateAddresses.stream()
            .map(address -> new InetSocketAddress(address, udpPort)).toList();
        return new Admission.Accepted(signalingId, localUfrag, localPassword, settings.certificate().sdpFingerprint(),
            candidates, settings.maxMessageSize());
    }

    @Override
    public boolean close(final String sessionId) {
        final Session session = bySignalingId.remove(sessionId);
        final Engine engine = this.engine;
        return session != null && engine != null && engine.detach(session);
    }

    private void forget(final Session session) {
        final WebRtcSession webRtc = (WebRtcSession) session.transport();
        bySignalingId.remove(webRtc.id(), session);
    }

    private String randomIceString(final int length) {
        final byte[] bytes = randomBytes(length);
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS[bytes[i] & 63];
        }
        return new String(chars);
    }

    private byte[] randomBytes(final int count) {
        final byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
