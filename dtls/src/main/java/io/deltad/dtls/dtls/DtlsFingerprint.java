package io.deltad.dtls.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122 §5: {@code a=fingerprint:sha-256 AB:CD:...}): the hash
 * function and the digest of the certificate's DER encoding. In WebRTC this is the only thing that authenticates the
 * peer (RFC 8827 §6.5): its certificate is self-signed and the fingerprint, delivered over the authenticated signaling
 * channel, pins it.
 *
 * <p>sha-256 (mandatory, RFC 8827 §6.5), sha-384 and sha-512 are accepted. sha-1, md5 and md2 are refused: RFC 8122
 * still lists them but a collision would let an attacker substitute a certificate, and no current browser uses them.
 *
 * <p>Immutable; safe to share.
 */
public final class DtlsFingerprint {
    private static final String ATTRIBUTE_PREFIX = "a=fingerprint:";
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();
    /** The hash function of this endpoint's own certificate fingerprint, and the weakest it accepts. */
    public static final String SHA_256 = "sha-256";

    private final String algorithm;
    private final String digestName;
    private final byte[] digest;

    private DtlsFingerprint(final String algorithm, final String digestName, final byte[] digest) {
        this.algorithm = algorithm;
        this.digestName = digestName;
        this.digest = digest;
    }

    /**
     * Parses the value of an SDP fingerprint attribute, with or without the {@code a=fingerprint:} prefix:
     * {@code <hash-func> SP 2UHEX *(":" 2UHEX)} (RFC 8122 §5), e.g. {@code sha-256 AB:CD:...}, hash name and hex
     * case-insensitive. The syntax is checked first, then the hash function, then the digest's length for it.
     *
     * @throws RefusedHashException     for a well-formed fingerprint of a hash function not accepted (too weak, or
     *                                  unknown): an SDP offer may list several, and only needs one that is accepted
     * @throws IllegalArgumentException naming what is wrong: malformed, or the wrong length for its hash
     */
    public static DtlsFingerprint parse(final String sdpValue) {
        String value = sdpValue.strip();
        if (value.regionMatches(true, 0, ATTRIBUTE_PREFIX, 0, ATTRIBUTE_PREFIX.length())) {
            value = value.substring(ATTRIBUTE_PREFIX.length()).strip();
        }
        final int space = value.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("expected <hash-func> <XX:XX:...> (RFC 8122): '" + sdpValue + "'");
        }
        final String algorithm = value.substring(0, space).toLowerCase(Locale.ROOT);
        final byte[] digest = hexPairs(value.substring(space + 1).strip());
        final String digestName = digestName(algorithm);
        final int expectedLength = newDigest(digestName).getDigestLength();
        if (digest.length != expectedLength) {
            throw new IllegalArgumentException(
                algorithm + " fingerprint must be " + expectedLength + " bytes, got " + digest.length);
        }
        return new DtlsFingerprint(algorithm, digestName, digest);
    }

    /** {@code 2UHEX *(":" 2UHEX)}: every third character a colon, nothing else but hex digits (either case). */
    private static byte[] hexPairs(final String hex) {
        if (hex.length() < 2 || (hex.length() + 1) % 3 != 0) {
            throw new IllegalArgumentException("fingerprint must be hex byte pairs separated by ':'");
        }
        final byte[] digest = new byte[(hex.length() + 1) / 3];
        for (int i = 0; i < digest.length; i++) {
            final int at = i * 3;
            final int high = Character.digit(hex.charAt(at), 16);
            final int low = Character.digit(hex.charAt(at + 1), 16);
            if (high < 0 || low < 0 || at + 2 < hex.length() && hex.charAt(at + 2) != ':') {
                throw new IllegalArgumentException("fingerprint must be hex byte pairs separated by ':'");
            }
            digest[i] = (byte) (high << 4 | low);
        }
        return digest;
    }

    /** A well-formed fingerprint whose hash function this endpoint does not accept. */
    public static final class RefusedHashException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String algorithm;

        RefusedHashException(final String algorithm, final String message) {
            super(message);
            this.algorithm = algorithm;
        }

        /** The refused hash function, lower case ("sha-1"). */
        public String algorithm() {
            return algorithm;
        }
    }

    /** How strong the hash function is among those accepted: sha-256 1, sha-384 2, sha-512 3. */
    public int strength() {
        return switch (algorithm) {
            case "sha-384" -> 2;
            case "sha-512" -> 3;
            default -> 1;
        };
    }

    /** The fingerprint of {@code certificate} with the SDP hash function {@code algorithm} (e.g. "sha-256"). */
    public static DtlsFingerprint of(final String algorithm, final X509Certificate certificate) {
        final String name = algorithm.toLowerCase(Locale.ROOT);
        final String digestName = digestName(name);
        return new DtlsFingerprint(name, digestName, digestOf(digestName, certificate));
    }

    /** The SDP hash function name, lower case: "sha-256". */
    public String algorithm() {
        return algorithm;
    }

    /** A copy of the digest bytes. */
    public byte[] bytes() {
        return digest.clone();
    }

    /** The digest as SDP writes it: upper-case hex pairs separated by colons. */
    public String hex() {
        return HEX.formatHex(digest);
    }

    /** The whole attribute value: {@code sha-256 AB:CD:...}. */
    public String toSdpValue() {
        return algorithm + ' ' + hex();
    }

    /** True if {@code certificate}'s DER encoding hashes to this fingerprint (constant-time compare). */
    public boolean matches(final X509Certificate certificate) {
        return MessageDigest.isEqual(digest, digestOf(digestName, certificate));
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof DtlsFingerprint that && algorithm.equals(that.algorithm)
            && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }

    private static String digestName(final String algorithm) {
        return switch (algorithm) {
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            case "sha-1", "md5", "md2" -> throw new RefusedHashException(algorithm,
                "fingerprint hash " + algorithm + " is refused as too weak to pin a certificate; use sha-256");
            default -> throw new RefusedHashException(algorithm,
                "unsupported fingerprint hash '" + algorithm + "' (supported: sha-256, sha-384, sha-512)");
        };
    }

    private static byte[] digestOf(final String digestName, final X509Certificate certificate) {
        try {
            return newDigest(digestName).digest(certificate.getEncoded());
        } catch (final CertificateEncodingException ex) {
            throw new IllegalArgumentException("certificate cannot be encoded", ex);
        }
    }

    private static MessageDigest newDigest(final String digestName) {
        try {
            return MessageDigest.getInstance(digestName);
        } catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException(digestName + " missing from the JDK", ex);
        }
    }
}
