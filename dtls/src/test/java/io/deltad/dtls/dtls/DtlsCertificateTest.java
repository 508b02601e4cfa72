package io.deltad.dtls.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    @Test
    void shouldBeASelfSignedP256CertificateWithARandomSerialAndAYearOfValidity() throws Exception {
        final Instant now = Instant.parse("2026-05-01T12:00:00Z");
        final DtlsCertificate generated = DtlsCertificate.generate(new SecureRandom(), now);
        final X509Certificate certificate = generated.certificate();
        certificate.verify(certificate.getPublicKey());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(256, ((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(Date.from(now.minus(Duration.ofDays(30))), certificate.getNotBefore());
        assertEquals(Date.from(now.plus(Duration.ofDays(365))), certificate.getNotAfter());
        assertTrue(certificate.getSerialNumber().signum() > 0);
        assertNotEquals(certificate.getSerialNumber(), DtlsCertificate.generate().certificate().getSerialNumber());
    }

    @Test
    void shouldGiveTheFingerprintInSdpForm() {
        final String sdp = DtlsPair.SERVER_CERTIFICATE.sdpFingerprint();
        assertTrue(Pattern.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}", sdp), sdp);
        assertEquals("sha-256 " + sdp, DtlsPair.SERVER_CERTIFICATE.fingerprint().toSdpValue());
    }

    @Test
    void shouldPresentItsKeyOnlyForEcRequests() {
        final var keyManager = DtlsPair.SERVER_CERTIFICATE.keyManager();
        final String alias = keyManager.chooseEngineServerAlias("EC", null, null);
        assertEquals(DtlsCertificate.KEY_ALIAS, alias);
        assertEquals(alias, keyManager.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null));
        assertNull(keyManager.chooseEngineServerAlias("RSA", null, null));
        assertEquals(DtlsPair.SERVER_CERTIFICATE.certificate(), keyManager.getCertificateChain(alias)[0]);
    }

    @Test
    void shouldMakeDtls12ContextsWithOnlyEcdheEcdsaAeadSuitesEnabled() {
        final SSLContext context = DtlsPair.SERVER_CERTIFICATE.newSslContext(
            new FingerprintTrustManager(DtlsPair.CLIENT_CERTIFICATE.fingerprint()));
        assertEquals("DTLSv1.2", context.getProtocol());
        final var engine = context.createSSLEngine();
        final int[] codes = DtlsParameters.configure(engine, DtlsRole.SERVER, 1200);
        assertEquals(3, codes.length, "AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305 on JDK 25");
        for (final String suite : engine.getEnabledCipherSuites()) {
            assertTrue(suite.startsWith("TLS_ECDHE_ECDSA_WITH_") && !suite.contains("CBC") && !suite.contains("NULL"),
                suite);
        }
        assertTrue(engine.getNeedClientAuth());
        assertEquals(1200, engine.getSSLParameters().getMaximumPacketSize());
    }
}
