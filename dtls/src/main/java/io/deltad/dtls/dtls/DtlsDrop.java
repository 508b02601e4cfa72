package io.deltad.dtls.dtls;

/**
 * Why a {@link DtlsEndpoint} discarded an inbound record (or a whole datagram) without closing. Counted per reason
 * ({@link DtlsEndpoint#dropCount(DtlsDrop)}); RFC 6347 §4.1.2.7: invalid records are discarded silently, because a
 * forged record must not be able to end a session.
 */
public enum DtlsDrop {
    /** The datagram arrived before {@link DtlsEndpoint#start(long)}. */
    NOT_STARTED,
    /** The datagram arrived after the endpoint closed. */
    AFTER_CLOSE,
    /** Header shorter than 13 bytes, length past the datagram, unknown content type or version: rest of datagram dropped. */
    MALFORMED_RECORD,
    /** Record longer than the MTU: the JDK engine would treat it as fatal ("Input record too big"). */
    OVERSIZE_RECORD,
    /** Epoch 2 or more, or epoch 1 before the peer can have changed cipher spec (BAD_INPUTS 11). */
    FUTURE_EPOCH,
    /** Epoch 0 alert or data after the handshake: stale or forged, meaningless now. */
    STALE_EPOCH,
    /**
     * Application data in epoch 0 or before the handshake completed, a ChangeCipherSpec whose body is not the single
     * byte 1, a plaintext alert that is not two bytes with level 1 or 2.
     */
    UNEXPECTED_CONTENT,
    /** ChangeCipherSpec before the handshake reached the point where the peer may send one (BAD_INPUTS 11). */
    PREMATURE_CHANGE_CIPHER_SPEC,
    /** Epoch 0 record with a sequence number no real handshake reaches (BAD_INPUTS 11). */
    HUGE_SEQUENCE,
    /**
     * Handshake fragment header inconsistent: offset + length past the message length, length past the record,
     * empty fragment of a non-empty message, empty message that cannot be empty, message over the size cap, a
     * ClientHello whose client_version is not DTLS (BAD_INPUTS 9).
     */
    BAD_HANDSHAKE_FRAGMENT,
    /**
     * A handshake fragment whose message_seq is not the one its type must have after the peer's hello, or whose
     * message length differs from earlier fragments of the message: the engine would abort the handshake on it, so a
     * forged fragment could end the session.
     */
    INCONSISTENT_HANDSHAKE_FRAGMENT,
    /** A handshake message type the peer never sends to this role (or renegotiation). */
    UNEXPECTED_HANDSHAKE_TYPE,
    /** ClientHello offering none of our cipher suites, e.g. only NULL ciphers (BAD_INPUTS 8). */
    NO_COMMON_CIPHER,
    /** More handshake input than any real handshake needs: further handshake records are ignored (BAD_INPUTS 10). */
    HANDSHAKE_BUDGET_EXHAUSTED,
    /**
     * A handshake record of a peer flight we already answered: the peer lost our answer. Kept from the engine and
     * answered by sending our current flight again (at most every 250 ms), or, once connected, by replaying our final
     * flight.
     */
    PEER_RETRANSMISSION,
    /** Sequence number already seen, or older than the replay window (RFC 6347 §4.1.2.6, BAD_INPUTS 11). */
    REPLAYED,
    /** Application data the engine could not authenticate: bad tag, truncated (BAD_INPUTS 13). */
    UNAUTHENTICATED,
    /** The engine would not take the record after repeated tries (it kept asking to run tasks or send first): a guard. */
    NOT_CONSUMED
}
