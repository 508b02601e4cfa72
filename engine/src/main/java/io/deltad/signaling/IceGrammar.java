package io.deltad.signaling;

/**
 * The ICE tokens of RFC 8839 §5.4: {@code ice-char = ALPHA / DIGIT / "+" / "/"}; a ufrag is 4 to 256 of them, a
 * password 22 to 256 (the minimum gives 128 bits of randomness for the STUN message integrity).
 *
 * <p>Like libwebrtc, the credentials also accept {@code - = # _}, which some older stacks put in them; a colon or a
 * space never (the STUN USERNAME is {@code <ufrag>:<ufrag>}).
 */
final class IceGrammar {
    static final int UFRAG_MIN = 4;
    static final int PWD_MIN = 22;
    static final int CREDENTIAL_MAX = 256;
    static final int FOUNDATION_MAX = 32;

    private IceGrammar() {
    }

    static boolean isIceChar(final char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    private static boolean isCredentialChar(final char c) {
        return isIceChar(c) || c == '-' || c == '=' || c == '#' || c == '_';
    }

    /** @return null when {@code ufrag} is a valid ice-ufrag, else the problem. */
    static String ufragProblem(final String ufrag) {
        return credentialProblem("ice-ufrag", ufrag, UFRAG_MIN);
    }

    /** @return null when {@code pwd} is a valid ice-pwd, else the problem (never quoting the password). */
    static String pwdProblem(final String pwd) {
        return credentialProblem("ice-pwd", pwd, PWD_MIN);
    }

    private static String credentialProblem(final String what, final String value, final int min) {
        if (value.length() < min || value.length() > CREDENTIAL_MAX) {
            return what + " must be " + min + " to " + CREDENTIAL_MAX + " ice-chars (RFC 8839 §5.4), got " + value.length();
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isCredentialChar(value.charAt(i))) {
                return what + " may hold only letters, digits, '+' and '/' (RFC 8839 §5.4), got '" + value.charAt(i) + "' at " + (i + 1);
            }
        }
        return null;
    }

    /** @return true for 1 to 32 ice-chars. */
    static boolean isFoundation(final String foundation) {
        if (foundation.isEmpty() || foundation.length() > FOUNDATION_MAX) {
            return false;
        }
        for (int i = 0; i < foundation.length(); i++) {
            if (!isIceChar(foundation.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return true for an RFC 8866 token character (what {@code a=mid} values are made of). */
    static boolean isTokenChar(final char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
            || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
    }
}
