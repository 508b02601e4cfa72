package io.deltad.dtls.stun;

/** Outcome of {@link StunMessage#parse()}: {@link #OK} or why the datagram is not a well-formed STUN message. */
public enum StunParseResult {
    OK,
    /** Fewer than 20 bytes (BAD_INPUTS 2). */
    TOO_SHORT,
    /** One of the two top bits of the first byte is set: not STUN (RFC 5389 §6). */
    NOT_STUN,
    /** Length field not a multiple of 4, or not the datagram length minus 20 (BAD_INPUTS 2). */
    BAD_LENGTH,
    /** Magic cookie is not 0x2112A442 (BAD_INPUTS 2). */
    BAD_MAGIC_COOKIE,
    /** An attribute header or value runs past the end of the message (BAD_INPUTS 3). */
    ATTRIBUTE_OVERRUN,
    /** A fixed-size attribute (PRIORITY, MESSAGE-INTEGRITY, ...) with the wrong length, or USERNAME too long. */
    BAD_ATTRIBUTE_LENGTH,
    /** XOR-MAPPED-ADDRESS empty, of an unknown family, or of a length that does not match its family (BAD_INPUTS 4). */
    BAD_XOR_MAPPED_ADDRESS,
    /** ERROR-CODE shorter than 4 bytes or with a class outside 3..6 (BAD_INPUTS 4). */
    BAD_ERROR_CODE,
    /** An attribute after FINGERPRINT, which must be last (RFC 5389 §15.5). */
    ATTRIBUTE_AFTER_FINGERPRINT
}
