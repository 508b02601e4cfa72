package io.deltad.dtls.stun;

/**
 * STUN attribute types this layer knows (RFC 5389 §15 and §18.2, RFC 8445 §16.1). Types below {@code 0x8000} are
 * comprehension-required: a request carrying one we do not know is answered with 420 (RFC 5389 §7.3.1).
 */
public final class StunAttribute {
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    /** Attribute header: type (u16) and value length (u16); the value follows, padded to 4 bytes. */
    public static final int HEADER_LENGTH = 4;
    public static final int MESSAGE_INTEGRITY_VALUE_LENGTH = 20;
    public static final int FINGERPRINT_VALUE_LENGTH = 4;
    /** RFC 5389 §15.3: USERNAME is less than 513 bytes. */
    public static final int MAX_USERNAME_LENGTH = 512;

    private StunAttribute() {
    }

    public static boolean isComprehensionRequired(final int type) {
        return type < 0x8000;
    }

    /** Comprehension-required types this layer processes; anything else below 0x8000 is unknown. */
    public static boolean isKnownComprehensionRequired(final int type) {
        return switch (type) {
            case MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES,
                 XOR_MAPPED_ADDRESS, PRIORITY, USE_CANDIDATE -> true;
            default -> false;
        };
    }

    /** The value length rounded up to the 4-byte boundary the next attribute starts on. */
    public static int paddedLength(final int valueLength) {
        return (valueLength + 3) & ~3;
    }
}
