package io.deltad.io.webrtc;

import io.deltad.dtls.dtls.DtlsFingerprint;

/**
 * What a session's transport takes from the browser's offer: the fingerprint its DTLS certificate must have, its SCTP
 * port, and the largest message it accepts (what we may send it in one DataChannel message).
 */
record PeerOffer(DtlsFingerprint fingerprint, int sctpPort, long maxMessageSize) {
}
