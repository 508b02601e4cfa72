package io.deltad.dtls.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {
    /** Chromium 150's offer, verbatim (from the interop probe). */
    private static final String CHROMIUM = "sha-256 9D:2E:CF:0C:1F:A8:D4:BC:10:AA:40:C1:93:AA:AB:33:32:E7:56:F7:A1:62:"
        + "DC:07:AF:CB:30:37:AA:07:C1:5B";

    @Test
    void shouldParseTheSdpValueWithOrWithoutTheAttributeName() {
        final DtlsFingerprint bare = DtlsFingerprint.parse(CHROMIUM);
        final DtlsFingerprint line = DtlsFingerprint.parse("a=fingerprint:" + CHROMIUM + "\r\n");
        final DtlsFingerprint lower = DtlsFingerprint.parse(CHROMIUM.toLowerCase().replace("sha-256", "SHA-256"));
        assertEquals(bare, line);
        assertEquals(bare, lower);
        assertEquals("sha-256", bare.algorithm());
        assertEquals(32, bare.bytes().length);
        assertEquals((byte) 0x9D, bare.bytes()[0]);
        assertEquals(CHROMIUM, bare.toSdpValue());
    }

    @Test
    void shouldRefuseWeakUnknownAndMalformedFingerprintsWithAClearMessage() {
        final String sha1 = "sha-1 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(new byte[20]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse(sha1))
            .getMessage().contains("too weak"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("md5 00:11"))
            .getMessage().contains("too weak"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-3 00:11"))
            .getMessage().contains("unsupported"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256 00:11"))
            .getMessage().contains("32 bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256 ZZ:11"))
            .getMessage().contains("hex"));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256"));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse(CHROMIUM.replace(":", "")));
    }

    @Test
    void shouldMatchOnlyTheCertificateItWasComputedFrom() throws Exception {
        final DtlsCertificate mine = DtlsPair.SERVER_CERTIFICATE;
        final byte[] expected = MessageDigest.getInstance("SHA-256").digest(mine.certificate().getEncoded());
        assertArrayEquals(expected, mine.fingerprintBytes());
        assertTrue(mine.fingerprint().matches(mine.certificate()));
        assertFalse(mine.fingerprint().matches(DtlsPair.CLIENT_CERTIFICATE.certificate()));
        for (final String algorithm : new String[] {"sha-256", "sha-384", "sha-512"}) {
            final DtlsFingerprint fingerprint = DtlsFingerprint.of(algorithm, mine.certificate());
            assertEquals(fingerprint, DtlsFingerprint.parse(fingerprint.toSdpValue()));
            assertTrue(DtlsFingerprint.parse(fingerprint.toSdpValue()).matches(mine.certificate()));
        }
    }
}
