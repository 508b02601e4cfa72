package io.deltad.dtls.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The appliance's DTLS identity: a self-signed ECDSA P-256 certificate made at start, as browsers make theirs
 * (RFC 8827 §6.5: WebRTC peers are authenticated by the SDP fingerprint, not by a CA, so there is nothing to gain from
 * a CA-issued certificate or a long-lived key). P-256 because every browser verifies it and ECDSA keeps the handshake
 * flights small enough for one 1200-byte datagram each.
 *
 * <p>BouncyCastle (bcpkix) only builds the certificate; keys and signatures come from the JDK providers, and the
 * handshake is the JDK's. Validity is 30 days back (clock skew) to one year ahead: browsers do not check it, but a
 * certificate outside its validity would look broken to anyone inspecting a capture.
 *
 * <p>Immutable and shared by every session of the process: the fingerprint goes into every SDP answer.
 */
public final class DtlsCertificate {
    /** DTLS 1.2 only: the JDK has no DTLS 1.3, and 1.0 is deprecated (RFC 8996). */
    public static final String PROTOCOL = "DTLSv1.2";
    static final String KEY_ALIAS = "deltad-dtls";
    private static final String SUBJECT = "CN=deltad";
    private static final Duration NOT_BEFORE = Duration.ofDays(30);
    private static final Duration NOT_AFTER = Duration.ofDays(365);

    private final X509Certificate certificate;
    private final DtlsFingerprint fingerprint;
    private final X509ExtendedKeyManager keyManager;

    private DtlsCertificate(final X509Certificate certificate, final PrivateKey privateKey) {
        this.certificate = certificate;
        this.fingerprint = DtlsFingerprint.of("sha-256", certificate);
        this.keyManager = new SingleKeyManager(KEY_ALIAS, privateKey, certificate);
    }

    /** A fresh key pair and certificate, valid from 30 days ago to a year from now. */
    public static DtlsCertificate generate() {
        return generate(new SecureRandom(), Instant.now());
    }

    /**
     * @param random source of the key and the serial number
     * @param now    the validity is computed around it
     */
    public static DtlsCertificate generate(final SecureRandom random, final Instant now) {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            final KeyPair keyPair = generator.generateKeyPair();
            final X500Name subject = new X500Name(SUBJECT);
            // Positive 64-bit serial: unique enough that two restarts never present the same (issuer, serial).
            final BigInteger serial = new BigInteger(64, random).setBit(62);
            final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, serial, Date.from(now.minus(NOT_BEFORE)), Date.from(now.plus(NOT_AFTER)),
                subject, keyPair.getPublic());
            final X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random)
                    .build(keyPair.getPrivate())));
            certificate.verify(keyPair.getPublic());
            return new DtlsCertificate(certificate, keyPair.getPrivate());
        } catch (final GeneralSecurityException | OperatorCreationException ex) {
            throw new IllegalStateException("cannot make the DTLS certificate", ex);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** sha-256 of the certificate's DER encoding. */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    /** A copy of the 32 fingerprint bytes. */
    public byte[] fingerprintBytes() {
        return fingerprint.bytes();
    }

    /** The fingerprint as the SDP answer writes it after {@code a=fingerprint:sha-256 }: {@code AB:CD:...}. */
    public String sdpFingerprint() {
        return fingerprint.hex();
    }

    /** Presents this certificate, for either role, whenever the key type asked for is EC. */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /**
     * A DTLS 1.2 context presenting this certificate and trusting whatever {@code trustManager} decides. One per
     * session: the trust decision is the session's expected fingerprint, and a context of its own also means no
     * session can resume another's (each context has its own session cache).
     */
    public SSLContext newSslContext(final TrustManager trustManager) {
        try {
            final SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
            return context;
        } catch (final GeneralSecurityException ex) {
            throw new IllegalStateException("the JDK cannot make a " + PROTOCOL + " context", ex);
        }
    }
}
