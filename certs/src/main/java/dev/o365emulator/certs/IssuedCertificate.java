package dev.o365emulator.certs;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;

/**
 * A certificate, its private key and the chain a TLS server presents (the certificate first,
 * then its issuers).
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    /** Requires a non-empty chain that starts with {@code certificate}. */
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("the chain must start with the certificate itself");
        }
    }

    /**
     * A new in-memory PKCS#12 key store holding the key and chain under
     * {@link CertificateBundle#KEY_ALIAS}, protected by {@link CertificateBundle#STORE_PASSWORD}.
     */
    public KeyStore keyStore() {
        return Stores.keyStore(privateKey, chain);
    }

    /** A key manager factory over {@link #keyStore()}, ready for {@code SSLContext.init}. */
    public KeyManagerFactory keyManagerFactory() {
        return Stores.keyManagerFactory(keyStore());
    }
}
