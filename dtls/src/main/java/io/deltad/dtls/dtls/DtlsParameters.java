package io.deltad.dtls.dtls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * What an engine may negotiate, in one place. Our certificate is ECDSA P-256, so only ECDHE_ECDSA suites apply; of
 * those, only AEADs: AES-128-GCM first (what browsers prefer, fastest with AES-NI), then AES-256-GCM and
 * ChaCha20-Poly1305 when the JDK offers them for DTLS. No CBC, and never NULL or anonymous suites: the JDK supports
 * the former for DTLS and we switch it off explicitly rather than rely on defaults.
 */
final class DtlsParameters {
    /** Preference order, with IANA codes for the {@link InboundFilter}'s ClientHello check. */
    private static final String[] PREFERRED_SUITES = {
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    };
    private static final int[] PREFERRED_SUITE_CODES = {0xC02B, 0xC02C, 0xCCA9};

    /** ECDHE groups browsers offer; x25519 first (Chromium's choice), no finite-field groups. */
    private static final String[] NAMED_GROUPS = {"x25519", "secp256r1", "secp384r1"};

    /**
     * For the peer's signatures (its CertificateVerify as client, its ServerKeyExchange as server): ECDSA as browsers
     * default to, RSA for peers that generated an RSA certificate; no SHA-1.
     */
    private static final String[] SIGNATURE_SCHEMES = {
        "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512",
        "rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512",
        "rsa_pkcs1_sha256", "rsa_pkcs1_sha384", "rsa_pkcs1_sha512",
    };

    private DtlsParameters() {
    }

    /**
     * Sets role, suites, groups, signature schemes, client authentication and the packet size on {@code engine}.
     *
     * @return the IANA codes of the suites enabled (those of ours the JDK supports)
     */
    static int[] configure(final SSLEngine engine, final DtlsRole role, final int mtuBytes) {
        final List<String> supported = Arrays.asList(engine.getSupportedCipherSuites());
        final List<String> suites = new ArrayList<>();
        final int[] codes = new int[PREFERRED_SUITES.length];
        for (int i = 0; i < PREFERRED_SUITES.length; i++) {
            if (supported.contains(PREFERRED_SUITES[i])) {
                codes[suites.size()] = PREFERRED_SUITE_CODES[i];
                suites.add(PREFERRED_SUITES[i]);
            }
        }
        if (suites.isEmpty()) {
            throw new IllegalStateException("the JDK offers no ECDHE-ECDSA AEAD cipher suite for DTLS");
        }
        engine.setUseClientMode(role == DtlsRole.CLIENT);
        final SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {DtlsCertificate.PROTOCOL});
        parameters.setCipherSuites(suites.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNamedGroups(NAMED_GROUPS);
        parameters.setSignatureSchemes(SIGNATURE_SCHEMES);
        parameters.setMaximumPacketSize(mtuBytes);
        parameters.setEnableRetransmissions(true);
        if (role == DtlsRole.SERVER) {
            // The peer's certificate is what its fingerprint pins: without it there is no authentication at all.
            parameters.setNeedClientAuth(true);
        }
        engine.setSSLParameters(parameters);
        return Arrays.copyOf(codes, suites.size());
    }
}
