package io.deltad.io.webrtc;

/** Why the session layer itself dropped a datagram (the layers below count their own reasons). */
enum WebRtcDrop {
    /** First byte outside the STUN and DTLS ranges of RFC 7983 (BAD_INPUTS 1). */
    UNKNOWN_PROTOCOL("demux unknown first byte"),
    /** DTLS from a 5-tuple no authenticated ICE check validated (BAD_INPUTS 8). */
    UNVALIDATED_SOURCE("dtls unvalidated source"),
    /** DTLS from the 5-tuple of a session that just ended: the peer's last records (its ABORT, close_notify). */
    AFTER_CLOSE("dtls after session closed"),
    /** A datagram to send for a session whose address ICE has not learnt yet. */
    NO_ROUTE("egress no route");

    static final WebRtcDrop[] VALUES = values();

    private final String label;

    WebRtcDrop(final String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
