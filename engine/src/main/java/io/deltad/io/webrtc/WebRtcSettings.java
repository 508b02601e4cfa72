package io.deltad.io.webrtc;

import io.deltad.config.WebRtcConfig;
import io.deltad.dtls.dtls.DtlsCertificate;
import io.deltad.dtls.dtls.DtlsRole;
import io.deltad.dtls.peer.PeerSettings;

/**
 * The WebRTC transport's fixed settings: the appliance's DTLS certificate (one per process, made at start; its
 * fingerprint goes in every answer) and the limits from {@code [webrtc]}. Immutable, shared by every port.
 */
public final class WebRtcSettings {
    /** Our ICE ufrags are 8 ice-chars (48 random bits): the lookup keys them as one long. */
    public static final int UFRAG_LENGTH = 8;
    /** DTLS record payload per datagram: fits a 1280-byte IPv6 path with UDP and IP headers (libdatachannel's 1200). */
    public static final int MTU = 1200;
    /** RFC 8841 §6: the SCTP port of a DataChannel association unless the SDP says otherwise. */
    public static final int SCTP_PORT = 5000;
    /** Protocol name of our DataChannels (docs/CLIENT.md). */
    public static final String PROTOCOL = "deltad/1";
    /** A message on an unreliable dedicated channel: one SCTP packet (record payload 1163 minus SCTP headers). */
    static final int UNRELIABLE_MESSAGE_BYTES = 1100;
    /** Frames of one duty cycle packed into one DataChannel message, at most this many bytes. */
    private static final int STAGING_BYTES = 16 * 1024;

    private final DtlsCertificate certificate;
    private final int maxMessageSize;
    private final long handshakeTimeoutNs;
    private final long consentTimeoutNs;
    private final int maxChannels;
    private final long dedicatedChannelThreshold;
    private final boolean dedicatedChannelReliable;

    public WebRtcSettings(final DtlsCertificate certificate, final int maxMessageSize, final long handshakeTimeoutNs,
        final long consentTimeoutNs, final int maxChannels, final long dedicatedChannelThreshold,
        final boolean dedicatedChannelReliable) {
        this.certificate = certificate;
        this.maxMessageSize = maxMessageSize;
        this.handshakeTimeoutNs = handshakeTimeoutNs;
        this.consentTimeoutNs = consentTimeoutNs;
        this.maxChannels = maxChannels;
        this.dedicatedChannelThreshold = dedicatedChannelThreshold;
        this.dedicatedChannelReliable = dedicatedChannelReliable;
    }

    public static WebRtcSettings from(final WebRtcConfig config, final DtlsCertificate certificate) {
        return new WebRtcSettings(certificate, config.maxMessageSize(), config.handshakeTimeoutNs(),
            config.consentTimeoutNs(), config.maxChannels(), config.dedicatedChannelThreshold(),
            config.dedicatedChannelReliable());
    }

    public DtlsCertificate certificate() { return certificate; }
    /** What we accept in one message, and announce as {@code a=max-message-size}. */
    public int maxMessageSize() { return maxMessageSize; }
    public long consentTimeoutNs() { return consentTimeoutNs; }
    /** DELTAs/s of one document to one session that earn it a channel of its own; 0: never. */
    public long dedicatedChannelThreshold() { return dedicatedChannelThreshold; }
    public boolean dedicatedChannelReliable() { return dedicatedChannelReliable; }

    /** Binding requests per second answered from sources no session knows yet (BAD_INPUTS 6). */
    long unknownSourceChecksPerSec() { return 1_000; }
    long unknownSourceChecksBurst() { return 200; }

    /** The staging buffer of a session whose peer takes messages of up to {@code peerMaxMessageSize} bytes. */
    int stagingBytes(final long peerMaxMessageSize) {
        return (int) Math.min(STAGING_BYTES, peerMaxMessageSize <= 0 ? STAGING_BYTES : peerMaxMessageSize);
    }

    /** The server-role transport of one session. */
    PeerSettings peer(final WebRtcSession session) {
        final PeerOffer offer = session.offer();
        return new PeerSettings(DtlsRole.SERVER, certificate, offer.fingerprint(),
            handshakeTimeoutNs, MTU, SCTP_PORT, offer.sctpPort(), maxMessageSize, offer.maxMessageSize(), maxChannels);
    }
}
