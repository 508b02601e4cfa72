package io.deltad.signaling;

import java.net.InetSocketAddress;
import java.util.List;

/** What {@link SessionBroker#open} decided about an offer. */
public sealed interface Admission {
    /**
     * A session was created; signaling writes the SDP answer from this.
     *
     * @param sessionId      the session's id, an unguessable capability (see {@link SessionBroker}); it becomes
     *                       {@code Location: /v1/sessions/{sessionId}}.
     * @param localUfrag     this endpoint's ICE ufrag for the session (4 to 256 ice-chars).
     * @param localPwd       this endpoint's ICE password (22 to 256 ice-chars; not printed by {@link #toString()}).
     * @param fingerprintSdp the SHA-256 fingerprint of this endpoint's DTLS certificate as SDP writes it,
     *                       {@code AB:CD:...} (32 upper-case hex pairs).
     * @param candidates     the addresses the browser sends to, one host candidate each, in order of preference;
     *                       resolved, not wildcard.
     * @param maxMessageSize the largest message this endpoint takes on the session, in bytes.
     */
    record Accepted(String sessionId, String localUfrag, String localPwd, String fingerprintSdp,
        List<InetSocketAddress> candidates, long maxMessageSize) implements Admission {
        public Accepted {
            candidates = List.copyOf(candidates);
        }

        @Override
        public String toString() {
            return "Accepted[sessionId=" + sessionId + ", localUfrag=" + localUfrag + ", localPwd=<" + localPwd.length() +
                " chars>, fingerprintSdp=" + fingerprintSdp + ", candidates=" + candidates + ", maxMessageSize=" +
                maxMessageSize + ']';
        }
    }

    /**
     * No session: signaling answers {@code httpStatus} with {@code reason} as the body.
     *
     * @param httpStatus 4xx or 5xx; 503 (draining, full) gets a {@code Retry-After}.
     * @param reason     one line for the client and the log.
     */
    record Refused(int httpStatus, String reason) implements Admission {
        public Refused {
            if (httpStatus < 400 || httpStatus > 599) {
                throw new IllegalArgumentException("a refusal is a 4xx or 5xx status, got " + httpStatus);
            }
        }
    }
}
