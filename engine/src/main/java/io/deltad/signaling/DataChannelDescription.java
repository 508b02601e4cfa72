package io.deltad.signaling;

import io.deltad.dtls.dtls.DtlsFingerprint;
import io.deltad.signaling.SessionDescription.MediaSection;
import io.deltad.signaling.SessionDescription.SdpAttribute;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a WebRTC DataChannel-only session description says about its transport: the ICE credentials and
 * candidates, the DTLS fingerprints and role, and the SCTP parameters of its one {@code m=application} section.
 * Read the same way from an offer ({@link SdpOffer} then applies what this endpoint accepts) and from an answer (tests
 * read this endpoint's own answers back through it).
 *
 * <p>Grammar per RFC 8839 (ICE), RFC 8122/8842 (fingerprint, setup), RFC 8841 (SCTP over DTLS), RFC 9143 (BUNDLE).
 * Media-level {@code ice-ufrag}, {@code ice-pwd}, {@code fingerprint} and {@code setup} override session-level ones.
 *
 * @param iceUfrag        {@code a=ice-ufrag}.
 * @param icePwd          {@code a=ice-pwd} (never printed by {@link #toString()}).
 * @param fingerprints    every {@code a=fingerprint} that applies to the section with a hash function DTLS accepts,
 *                        in order (parsed by {@link DtlsFingerprint}, the one RFC 8122 parser).
 * @param refusedHashes   the hash functions of the well-formed fingerprints it does not accept (sha-1, md5, unknown),
 *                        in order: an offer only needs one accepted fingerprint.
 * @param setup           {@code a=setup} value ({@code actpass}, {@code active}, {@code passive}, {@code holdconn}),
 *                        {@code ""} when absent.
 * @param mid             {@code a=mid}, {@code ""} when absent.
 * @param bundle          the mids of the {@code a=group:BUNDLE} line, empty when there is none.
 * @param iceLite         whether the session-level {@code a=ice-lite} flag is present.
 * @param port            the {@code m=} line's port (9 when candidates carry the real ones).
 * @param sctpPort        {@code a=sctp-port}, {@link #DEFAULT_SCTP_PORT} when absent.
 * @param maxMessageSize  {@code a=max-message-size}, {@link #DEFAULT_MAX_MESSAGE_SIZE} when absent; 0 means the
 *                        peer takes messages of any size.
 * @param candidates      the section's {@code a=candidate} lines (none is normal: trickled later, or a browser on a
 *                        loopback-only host).
 * @param endOfCandidates whether {@code a=end-of-candidates} is present.
 */
public record DataChannelDescription(String iceUfrag, String icePwd, List<DtlsFingerprint> fingerprints,
    List<String> refusedHashes, String setup,
    String mid, List<String> bundle, boolean iceLite, int port, int sctpPort, long maxMessageSize,
    List<IceCandidate> candidates, boolean endOfCandidates) {
    /** RFC 8841 §5.2: the SCTP port when {@code a=sctp-port} is absent. */
    public static final int DEFAULT_SCTP_PORT = 5000;
    /** RFC 8841 §6.1: the message size a peer takes when {@code a=max-message-size} is absent. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 65536;
    /** The only transport protocol a DataChannel section may name (RFC 8841 §4.1). */
    public static final String PROTO = "UDP/DTLS/SCTP";
    /** The only format of a DataChannel section (RFC 8841 §4.1). */
    public static final String FORMAT = "webrtc-datachannel";
    private static final Set<String> SETUP_ROLES = Set.of("actpass", "active", "passive", "holdconn");
    private static final int MID_MAX = 64;

    public DataChannelDescription {
        fingerprints = List.copyOf(fingerprints);
        refusedHashes = List.copyOf(refusedHashes);
        bundle = List.copyOf(bundle);
        candidates = List.copyOf(candidates);
    }

    /**
     * @throws SdpException 422 without exactly one DataChannel section and nothing else; 400 for a missing or
     *                      malformed attribute.
     */
    public static DataChannelDescription of(final SessionDescription sdp) {
        final MediaSection section = dataSection(sdp);
        final String ufrag = required(sdp, section, "ice-ufrag");
        final String ufragProblem = IceGrammar.ufragProblem(ufrag);
        if (ufragProblem != null) {
            throw SdpException.at(SdpException.MALFORMED, sdp.attribute(section, "ice-ufrag").line(), ufragProblem);
        }
        final String pwd = required(sdp, section, "ice-pwd");
        final String pwdProblem = IceGrammar.pwdProblem(pwd);
        if (pwdProblem != null) {
            throw SdpException.at(SdpException.MALFORMED, sdp.attribute(section, "ice-pwd").line(), pwdProblem);
        }
        final SdpAttribute setupLine = sdp.attribute(section, "setup");
        final String setup = setupLine == null ? "" : valueOf(setupLine);
        if (setupLine != null && !SETUP_ROLES.contains(setup)) {
            throw SdpException.at(SdpException.MALFORMED, setupLine.line(),
                "setup must be actpass, active, passive or holdconn (RFC 4145 §4)");
        }
        final SdpAttribute sctpPort = SessionDescription.single(section.attributes(), "sctp-port");
        final int sctp = sctpPort == null ? DEFAULT_SCTP_PORT : SdpNumbers.port(sctpPort.line(), "sctp-port", valueOf(sctpPort));
        if (sctp == 0) {
            throw SdpException.at(SdpException.MALFORMED, sctpPort.line(), "sctp-port must be 1 to 65535");
        }
        final SdpAttribute maxMessage = SessionDescription.single(section.attributes(), "max-message-size");
        final long maxMessageSize = maxMessage == null ? DEFAULT_MAX_MESSAGE_SIZE
            : SdpNumbers.unsigned(maxMessage.line(), "max-message-size", valueOf(maxMessage));
        final SdpAttribute endOfCandidates = sdp.attribute(section, "end-of-candidates");
        final List<DtlsFingerprint> fingerprints = new ArrayList<>();
        final List<String> refusedHashes = new ArrayList<>();
        fingerprints(sdp, section, fingerprints, refusedHashes);
        return new DataChannelDescription(ufrag, pwd, fingerprints, refusedHashes, setup,
            mid(section), bundle(sdp), SessionDescription.single(sdp.sessionAttributes(), "ice-lite") != null,
            section.port(), sctp, maxMessageSize, candidates(section), endOfCandidates != null);
    }

    private static MediaSection dataSection(final SessionDescription sdp) {
        if (sdp.media().isEmpty()) {
            throw new SdpException(SdpException.UNSUPPORTED,
                "no m=application " + PROTO + " " + FORMAT + " line: this endpoint carries DataChannels only");
        }
        MediaSection data = null;
        for (final MediaSection section : sdp.media()) {
            if (!"application".equals(section.media())) {
                throw SdpException.at(SdpException.UNSUPPORTED, section.line(),
                    "only one m=application section (DataChannels) is supported: no audio or video");
            }
            if (data != null) {
                throw SdpException.at(SdpException.UNSUPPORTED, section.line(),
                    "only one m=application section is supported (first at line " + data.line().number() + ')');
            }
            data = section;
        }
        if (!PROTO.equals(data.proto()) || !List.of(FORMAT).equals(data.formats())) {
            throw SdpException.at(SdpException.UNSUPPORTED, data.line(),
                "expected m=application <port> " + PROTO + " " + FORMAT + " (RFC 8841; the pre-2019 DTLS/SCTP form is not supported)");
        }
        if (data.port() == 0) {
            throw SdpException.at(SdpException.UNSUPPORTED, data.line(), "port 0 marks the section rejected: nothing to answer");
        }
        return data;
    }

    private static String required(final SessionDescription sdp, final MediaSection section, final String name) {
        final SdpAttribute attribute = sdp.attribute(section, name);
        if (attribute == null) {
            throw new SdpException(SdpException.MALFORMED,
                "no a=" + name + " (RFC 8839 §5.4: required at session or media level)");
        }
        return valueOf(attribute);
    }

    private static String valueOf(final SdpAttribute attribute) {
        if (attribute.value() == null) {
            throw SdpException.at(SdpException.MALFORMED, attribute.line(), "a=" + attribute.name() + " needs a value");
        }
        return attribute.value().strip();
    }

    private static void fingerprints(final SessionDescription sdp, final MediaSection section,
        final List<DtlsFingerprint> accepted, final List<String> refusedHashes) {
        List<SdpAttribute> lines = SessionDescription.all(section.attributes(), "fingerprint");
        if (lines.isEmpty()) {
            lines = SessionDescription.all(sdp.sessionAttributes(), "fingerprint");
        }
        if (lines.isEmpty()) {
            throw new SdpException(SdpException.MALFORMED,
                "no a=fingerprint (RFC 8842 §5: required, it binds the DTLS certificate to this offer)");
        }
        for (final SdpAttribute line : lines) {
            try {
                accepted.add(DtlsFingerprint.parse(valueOf(line)));
            } catch (final DtlsFingerprint.RefusedHashException ex) {
                refusedHashes.add(ex.algorithm());
            } catch (final IllegalArgumentException ex) {
                throw SdpException.at(SdpException.MALFORMED, line.line(), ex.getMessage());
            }
        }
    }

    private static String mid(final MediaSection section) {
        final SdpAttribute mid = SessionDescription.single(section.attributes(), "mid");
        if (mid == null) {
            return "";
        }
        final String value = valueOf(mid);
        if (value.isEmpty() || value.length() > MID_MAX || !value.chars().allMatch(c -> IceGrammar.isTokenChar((char) c))) {
            throw SdpException.at(SdpException.MALFORMED, mid.line(), "mid must be 1 to " + MID_MAX + " token characters (RFC 5888)");
        }
        return value;
    }

    private static List<String> bundle(final SessionDescription sdp) {
        for (final SdpAttribute group : SessionDescription.all(sdp.sessionAttributes(), "group")) {
            final String value = group.value() == null ? "" : group.value().strip();
            final String[] fields = value.split(" +");
            if ("BUNDLE".equals(fields[0])) {
                return List.of(fields).subList(1, fields.length);
            }
        }
        return List.of();
    }

    private static List<IceCandidate> candidates(final MediaSection section) {
        final List<SdpAttribute> lines = SessionDescription.all(section.attributes(), "candidate");
        final List<IceCandidate> candidates = new ArrayList<>(lines.size());
        for (final SdpAttribute line : lines) {
            try {
                candidates.add(IceCandidate.parse(valueOf(line)));
            } catch (final IllegalArgumentException ex) {
                throw SdpException.at(SdpException.MALFORMED, line.line(), ex.getMessage());
            }
        }
        return candidates;
    }

    /** Everything but the ICE password, which is a credential. */
    @Override
    public String toString() {
        return "DataChannelDescription[iceUfrag=" + iceUfrag + ", icePwd=<" + icePwd.length() + " chars>, fingerprints=" +
            fingerprints + ", setup=" + setup + ", mid=" + mid + ", bundle=" + bundle + ", iceLite=" + iceLite +
            ", port=" + port + ", sctpPort=" + sctpPort + ", maxMessageSize=" + maxMessageSize + ", candidates=" +
            candidates + ", endOfCandidates=" + endOfCandidates + ']';
    }
}
