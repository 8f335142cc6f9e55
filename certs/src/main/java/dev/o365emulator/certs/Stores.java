package dev.o365emulator.certs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** PKCS#12 stores and JSSE factories over them, with checked exceptions turned into state errors. */
final class Stores {

    private Stores() {
    }

    static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = empty();
            store.setKeyEntry(CertificateBundle.KEY_ALIAS, key, CertificateBundle.STORE_PASSWORD.toCharArray(),
                    chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a PKCS#12 key store", e);
        }
    }

    static KeyStore trustStore(X509Certificate ca) {
        try {
            KeyStore store = empty();
            store.setCertificateEntry(CertificateBundle.CA_ALIAS, ca);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a PKCS#12 trust store", e);
        }
    }

    static byte[] toBytes(KeyStore store) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, CertificateBundle.STORE_PASSWORD.toCharArray());
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot serialise a PKCS#12 store", e);
        }
    }

    static KeyManagerFactory keyManagerFactory(KeyStore keyStore) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, CertificateBundle.STORE_PASSWORD.toCharArray());
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a key manager factory", e);
        }
    }

    static TrustManagerFactory trustManagerFactory(KeyStore trustStore) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust manager factory", e);
        }
    }

    private static KeyStore empty() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }
}
