package io.deltad.dtls.stun;

/**
 * Why {@link StunResponder} sent nothing back. Returned to the caller as {@link #code()} (negative), counted per
 * reason. None of these creates state.
 */
public enum StunDrop {
    /** Not a well-formed STUN message (BAD_INPUTS 2-4). */
    MALFORMED,
    /** Well formed but not a Binding request (indications, responses: an ICE-lite agent sends no requests). */
    NOT_BINDING_REQUEST,
    /** FINGERPRINT present and wrong (BAD_INPUTS 5). */
    BAD_FINGERPRINT,
    /** Request from a source the session layer does not know, over the rate limit (BAD_INPUTS 6). */
    RATE_LIMITED,
    /** USERNAME without a known local ufrag, or with a remote ufrag that does not match the session (BAD_INPUTS 5). */
    UNKNOWN_USERNAME,
    /** The answer would be larger than the request (BAD_INPUTS 6: no amplification). */
    AMPLIFICATION,
    /** The caller's output segment cannot hold the answer. */
    OUTPUT_TOO_SMALL;

    private static final StunDrop[] BY_ORDINAL = values();

    /** Negative code returned by {@link StunResponder#onDatagram}: -1 for the first reason, -2 for the next, ... */
    public int code() {
        return -(ordinal() + 1);
    }

    /** The reason for a negative return code. */
    public static StunDrop ofCode(final int code) {
        return BY_ORDINAL[-code - 1];
    }
}
