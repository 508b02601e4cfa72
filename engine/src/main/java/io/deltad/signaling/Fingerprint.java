package io.deltad.signaling;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * A certificate fingerprint as {@code a=fingerprint} carries it (RFC 8122 §5):
 * {@code <hash-func> SP 2UHEX *(":" 2UHEX)}, e.g. {@code sha-256 94:A4:...:7F}. DTLS compares the peer's
 * certificate against it, so a fingerprint of the wrong length for its hash function is refused here rather than
 * failing a handshake later.
 *
 * @param algorithm the hash function, lower case ({@code sha-256}); case is not significant in SDP.
 * @param digest    the digest bytes (copied in and out).
 */
public record Fingerprint(String algorithm, byte[] digest) {
    /** The hash function this endpoint's own certificate fingerprint uses, and the weakest it accepts. */
    public static final String SHA_256 = "sha-256";
    /** Digest length per hash function of the IANA "Hash Function Textual Names" registry. */
    private static final Map<String, Integer> DIGEST_BYTES = Map.of(
        "md2", 16, "md5", 16, "sha-1", 20, "sha-224", 28, SHA_256, 32, "sha-384", 48, "sha-512", 64);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    public Fingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        digest = digest.clone();
    }

    /**
     * @param value e.g. {@code sha-256 94:A4:...:7F} (upper- or lower-case hex).
     * @throws IllegalArgumentException saying what is wrong.
     */
    public static Fingerprint parse(final String value) {
        final int space = value.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("expected <hash-func> <XX:XX:...> (RFC 8122)");
        }
        final String algorithm = value.substring(0, space).toLowerCase(Locale.ROOT);
        final String hex = value.substring(space + 1).strip();
        // 2UHEX *(":" 2UHEX): every third character a colon, nothing else but hex digits.
        if (hex.length() < 2 || (hex.length() + 1) % 3 != 0) {
            throw new IllegalArgumentException("fingerprint must be hex byte pairs separated by ':'");
        }
        final byte[] digest = new byte[(hex.length() + 1) / 3];
        for (int i = 0; i < digest.length; i++) {
            final int at = i * 3;
            if (at + 2 < hex.length() && hex.charAt(at + 2) != ':') {
                throw new IllegalArgumentException("fingerprint must be hex byte pairs separated by ':'");
            }
            final int high = Character.digit(hex.charAt(at), 16);
            final int low = Character.digit(hex.charAt(at + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("fingerprint must be hex byte pairs separated by ':'");
            }
            digest[i] = (byte) (high << 4 | low);
        }
        final Integer expected = DIGEST_BYTES.get(algorithm);
        if (expected != null && expected != digest.length) {
            throw new IllegalArgumentException(algorithm + " fingerprint must be " + expected + " bytes, got " + digest.length);
        }
        return new Fingerprint(algorithm, digest);
    }

    /** @return the rank of the hash function among those accepted, higher is stronger; 0 for one not accepted. */
    int strength() {
        return switch (algorithm) {
            case SHA_256 -> 1;
            case "sha-384" -> 2;
            case "sha-512" -> 3;
            default -> 0;
        };
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** @return the digest as SDP writes it: upper-case hex pairs joined by {@code :}. */
    public String hex() {
        final StringBuilder sb = new StringBuilder(digest.length * 3);
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(HEX.toHexDigits(digest[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Fingerprint that && algorithm.equals(that.algorithm) && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(digest);
    }

    /** @return {@code sha-256 94:A4:...}, the attribute value. */
    @Override
    public String toString() {
        return algorithm + ' ' + hex();
    }
}
