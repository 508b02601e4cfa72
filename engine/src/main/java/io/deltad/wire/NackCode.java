package io.deltad.wire;

/** Rejection codes carried in NACK frames; each has a counter ({@code deltas_rejected{code=...}}). */
public final class NackCode {
    public static final int NONE = 0;
    /** Truncated header, length fields inconsistent with the message, bad op encoding. */
    public static final int MALFORMED = 1;
    /** Frame major version not supported. */
    public static final int UNSUPPORTED_VERSION = 2;
    /** Frame type unknown or not valid in this direction. */
    public static final int UNKNOWN_FRAME_TYPE = 3;
    /** The docId's type (its top 16 bits) has no schema. */
    public static final int UNKNOWN_DOC_TYPE = 4;
    /** Field index not in the schema. */
    public static final int UNKNOWN_FIELD = 5;
    /** Op kind or value encoding does not fit the field's type. */
    public static final int TYPE_MISMATCH = 6;
    /** Number outside the field's bounds, enum ordinal outside its values. */
    public static final int OUT_OF_BOUNDS = 7;
    /** String value that is not valid UTF-8. */
    public static final int INVALID_UTF8 = 8;
    /** Delta over the type's max size, string/bytes over the field's cap. */
    public static final int TOO_LARGE = 9;
    /** The session's token may not write (or read) this document or field. */
    public static final int NOT_PERMITTED = 10;
    /** The session sends faster than its rate limit. */
    public static final int RATE_LIMITED = 11;
    /** The appliance is saturated (a ring or the chunk store is full); retry later. */
    public static final int BUSY = 12;
    /** clientSeq not greater than the last one this session sent: not applied again. */
    public static final int DUPLICATE = 13;

    /** One past the largest code: size of per-code counter arrays. */
    public static final int COUNT = 14;

    private NackCode() {
    }

    public static String name(final int code) {
        return switch (code) {
            case NONE -> "none";
            case MALFORMED -> "malformed";
            case UNSUPPORTED_VERSION -> "unsupported_version";
            case UNKNOWN_FRAME_TYPE -> "unknown_frame_type";
            case UNKNOWN_DOC_TYPE -> "unknown_doc_type";
            case UNKNOWN_FIELD -> "unknown_field";
            case TYPE_MISMATCH -> "type_mismatch";
            case OUT_OF_BOUNDS -> "out_of_bounds";
            case INVALID_UTF8 -> "invalid_utf8";
            case TOO_LARGE -> "too_large";
            case NOT_PERMITTED -> "not_permitted";
            case RATE_LIMITED -> "rate_limited";
            case BUSY -> "busy";
            case DUPLICATE -> "duplicate";
            default -> "code_" + code;
        };
    }
}
