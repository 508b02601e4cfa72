package io.deltad.dtls.dtls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager holding exactly one key and its self-signed certificate. Written out rather than built from a
 * {@code KeyStore} and {@code KeyManagerFactory} because those choose aliases by issuer, and the peer's
 * CertificateRequest names no issuers a self-signed certificate could match: we always present ours.
 */
final class SingleKeyManager extends X509ExtendedKeyManager {
    private final String alias;
    private final PrivateKey privateKey;
    private final X509Certificate[] chain;
    private final String keyType;

    SingleKeyManager(final String alias, final PrivateKey privateKey, final X509Certificate certificate) {
        this.alias = alias;
        this.privateKey = privateKey;
        this.chain = new X509Certificate[] {certificate};
        this.keyType = privateKey.getAlgorithm();
    }

    private String aliasFor(final String requestedType) {
        return keyType.equals(requestedType) ? alias : null;
    }

    private String aliasFor(final String[] requestedTypes) {
        if (requestedTypes != null) {
            for (final String requested : requestedTypes) {
                if (keyType.equals(requested)) {
                    return alias;
                }
            }
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(final String[] keyTypes, final Principal[] issuers, final SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineServerAlias(final String keyType, final Principal[] issuers, final SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseClientAlias(final String[] keyTypes, final Principal[] issuers, final Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseServerAlias(final String keyType, final Principal[] issuers, final Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getClientAliases(final String keyType, final Principal[] issuers) {
        return keyType.equals(this.keyType) ? new String[] {alias} : null;
    }

    @Override
    public String[] getServerAliases(final String keyType, final Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(final String requestedAlias) {
        return alias.equals(requestedAlias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(final String requestedAlias) {
        return alias.equals(requestedAlias) ? privateKey : null;
    }
}
