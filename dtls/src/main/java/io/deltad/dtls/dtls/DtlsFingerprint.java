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
     * {@code sha-256 AB:CD:...} (hash name and hex case-insensitive).
     *
     * @throws IllegalArgumentException naming what is wrong: unknown or refused hash, malformed hex, wrong length
     */
    public static DtlsFingerprint parse(final String sdpValue) {
        String value = sdpValue.strip();
        if (value.regionMatches(true, 0, ATTRIBUTE_PREFIX, 0, ATTRIBUTE_PREFIX.length())) {
            value = value.substring(ATTRIBUTE_PREFIX.length()).strip();
        }
        final int space = value.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("fingerprint must be '<hash-func> <hex:hex:...>': '" + sdpValue + "'");
        }
        final String algorithm = value.substring(0, space).toLowerCase(Locale.ROOT);
        final String digestName = digestName(algorithm);
        final String hex = value.substring(space + 1).strip();
        final byte[] digest;
        try {
            digest = HEX.parseHex(hex.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException ex) {
            throw new IllegalArgumentException("fingerprint digest is not colon-separated hex: '" + hex + "'", ex);
        }
        final int expectedLength = newDigest(digestName).getDigestLength();
        if (digest.length != expectedLength) {
            throw new IllegalArgumentException(
                algorithm + " fingerprint must have " + expectedLength + " bytes, has " + digest.length);
        }
        return new DtlsFingerprint(algorithm, digestName, digest);
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
            case "sha-1", "md5", "md2" -> throw new IllegalArgumentException(
                "fingerprint hash " + algorithm + " is refused as too weak to pin a certificate; use sha-256");
            default -> throw new IllegalArgumentException(
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
