package io.deltad.signaling;

import io.deltad.dtls.dtls.DtlsFingerprint;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes this endpoint's SDP answer to a checked offer (RFC 8866 syntax, CRLF line endings):
 *
 * <pre>
 * v=0
 * o=- &lt;random session id&gt; 2 IN IP4 127.0.0.1
 * s=-
 * t=0 0
 * a=group:BUNDLE &lt;mid&gt;                    only when the offer bundled its section (RFC 9143)
 * a=ice-lite                               this endpoint answers STUN checks, never sends them (RFC 8445 §2.5)
 * m=application 9 UDP/DTLS/SCTP webrtc-datachannel
 * c=IN IP4 0.0.0.0
 * a=mid:&lt;mid&gt;                             the offer's, when it had one
 * a=ice-ufrag:&lt;ours&gt;
 * a=ice-pwd:&lt;ours&gt;
 * a=fingerprint:sha-256 &lt;ours&gt;
 * a=setup:passive                          DTLS server
 * a=sctp-port:5000
 * a=max-message-size:&lt;ours&gt;
 * a=candidate:&lt;n&gt; 1 udp &lt;priority&gt; &lt;ip&gt; &lt;port&gt; typ host    one per address, in order of preference
 * a=end-of-candidates                      all candidates are here: nothing will trickle
 * </pre>
 *
 * No {@code a=ice-options:ice2}: it promises RFC 8445 behaviour of the STUN layer, which is not this class's to
 * promise, and browsers act the same without it. Port 9 and {@code 0.0.0.0} are the JSEP placeholders (the
 * candidates carry the real addresses).
 */
public final class SdpAnswer {
    /** The SCTP port of this endpoint's associations (usrsctp binds this port on every session). */
    public static final int SCTP_PORT = 5000;
    private static final String CRLF = "\r\n";

    private SdpAnswer() {
    }

    /**
     * @param offer    the checked offer.
     * @param accepted what the session layer created.
     * @return the answer text.
     * @throws IllegalArgumentException when {@code accepted} holds something that cannot go into SDP (a broker bug,
     *                                  answered 500 rather than sent to a browser that would fail on it).
     */
    public static String write(final SdpOffer offer, final Admission.Accepted accepted) {
        return write(offer, accepted, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    static String write(final SdpOffer offer, final Admission.Accepted accepted, final long sessionVersionId) {
        check(IceGrammar.ufragProblem(accepted.localUfrag()), "localUfrag");
        check(IceGrammar.pwdProblem(accepted.localPwd()), "localPwd");
        final DtlsFingerprint fingerprint = DtlsFingerprint.parse(DtlsFingerprint.SHA_256 + ' ' + accepted.fingerprintSdp());
        if (accepted.maxMessageSize() < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative, got " + accepted.maxMessageSize());
        }
        final String mid = offer.description().mid();
        final boolean bundled = !mid.isEmpty() && offer.description().bundle().contains(mid);
        final StringBuilder sdp = new StringBuilder(512)
            .append("v=0").append(CRLF)
            .append("o=- ").append(sessionVersionId).append(" 2 IN IP4 127.0.0.1").append(CRLF)
            .append("s=-").append(CRLF)
            .append("t=0 0").append(CRLF);
        if (bundled) {
            sdp.append("a=group:BUNDLE ").append(mid).append(CRLF);
        }
        sdp.append("a=ice-lite").append(CRLF)
            .append("m=application 9 ").append(DataChannelDescription.PROTO).append(' ')
            .append(DataChannelDescription.FORMAT).append(CRLF)
            .append("c=IN IP4 0.0.0.0").append(CRLF);
        if (!mid.isEmpty()) {
            sdp.append("a=mid:").append(mid).append(CRLF);
        }
        sdp.append("a=ice-ufrag:").append(accepted.localUfrag()).append(CRLF)
            .append("a=ice-pwd:").append(accepted.localPwd()).append(CRLF)
            .append("a=fingerprint:").append(fingerprint).append(CRLF)
            .append("a=setup:passive").append(CRLF)
            .append("a=sctp-port:").append(SCTP_PORT).append(CRLF)
            .append("a=max-message-size:").append(accepted.maxMessageSize()).append(CRLF);
        final List<InetSocketAddress> addresses = accepted.candidates();
        for (int i = 0; i < addresses.size(); i++) {
            sdp.append("a=").append(IceCandidate.host(i, addresses.get(i)).toSdp()).append(CRLF);
        }
        return sdp.append("a=end-of-candidates").append(CRLF).toString();
    }

    private static void check(final String problem, final String field) {
        if (problem != null) {
            throw new IllegalArgumentException("broker gave an invalid " + field + ": " + problem);
        }
    }
}
