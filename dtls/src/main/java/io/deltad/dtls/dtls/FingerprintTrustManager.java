package io.deltad.dtls.dtls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the certificate the peer's SDP fingerprint names (RFC 8827 §6.5) and nothing else: no CA, no name,
 * no validity dates, because a WebRTC certificate is self-signed and its only credential is the fingerprint that came
 * over the authenticated signaling channel. Deciding during the handshake, rather than after it, makes the engine
 * abort with a bad_certificate alert before it sends its Finished, so no key is ever used with an impostor.
 *
 * <p>One per {@link DtlsEndpoint}; called from the engine's delegated tasks, which the endpoint runs inline on its
 * owner thread.
 */
final class FingerprintTrustManager extends X509ExtendedTrustManager {
    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final DtlsFingerprint expected;
    private boolean rejected;

    FingerprintTrustManager(final DtlsFingerprint expected) {
        this.expected = expected;
    }

    /** True once a certificate (or its absence) was refused: the handshake failure is a fingerprint mismatch. */
    boolean rejected() {
        return rejected;
    }

    void check(final X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            rejected = true;
            throw new CertificateException("peer presented no certificate");
        }
        if (!expected.matches(chain[0])) {
            rejected = true;
            throw new CertificateException("peer certificate does not match a=fingerprint:" + expected.toSdpValue());
        }
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
        throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
        throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
        throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
        throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
        check(chain);
    }

    /** Empty: the CertificateRequest names no CA, so the peer sends its self-signed certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
