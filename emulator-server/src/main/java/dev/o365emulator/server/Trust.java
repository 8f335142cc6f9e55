package dev.o365emulator.server;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * What a client needs to trust the emulator's certificates: the CA as a PEM file, a certificate,
 * a PKCS#12 truststore or a ready {@link SSLContext}.
 *
 * <pre>{@code
 * Trust trust = emulator.trust();
 * SSLSocketFactory factory = trust.socketFactory();     // Jakarta Mail's mail.smtp.ssl.socketFactory
 * Path pem = trust.caPem();                              // curl --cacert, Python's cafile=
 * Path p12 = trust.truststore();                         // -Djavax.net.ssl.trustStore=…
 * }</pre>
 */
public interface Trust {

    /** The CA certificate as a PEM file. */
    Path caPem();

    /** The CA certificate that signed the server certificate. */
    X509Certificate caCertificate();

    /** A TLS context that trusts exactly the emulator's CA; the same instance on every call. */
    SSLContext sslContext();

    /** The socket factory of {@link #sslContext()}. */
    default SSLSocketFactory socketFactory() {
        return sslContext().getSocketFactory();
    }

    /** The CA as a PKCS#12 truststore file. */
    Path truststore();

    /** The truststore's password. */
    String truststorePassword();

    /** The truststore's type: always {@code PKCS12}. */
    default String truststoreType() {
        return "PKCS12";
    }

    /** The directory that holds the CA, the server certificate and their exports. */
    Path directory();

    /**
     * What loading the certificates had to repair, one sentence each (a damaged export copy written
     * again, say); empty when the directory was sound or new.
     */
    List<String> notices();
}
