package dev.o365emulator.testkit;

import dev.o365emulator.certs.CertificateBundle;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/** What a client needs to trust the emulator's certificates: an SSLContext, a truststore or the CA's PEM file. */
public final class TrustMaterial {

    private final CertificateBundle bundle;
    private volatile SSLContext context;

    TrustMaterial(CertificateBundle bundle) {
        this.bundle = bundle;
    }

    /** A TLS context that trusts exactly the emulator's CA. */
    public SSLContext sslContext() {
        SSLContext c = context;
        if (c == null) {
            c = bundle.clientSslContext();
            context = c;
        }
        return c;
    }

    /** Socket factory of {@link #sslContext()}, e.g. for Jakarta Mail's {@code mail.smtp.ssl.socketFactory}. */
    public SSLSocketFactory socketFactory() {
        return sslContext().getSocketFactory();
    }

    /** The CA as a PKCS#12 truststore (for {@code -Djavax.net.ssl.trustStore}). */
    public Path truststore() {
        return bundle.truststore();
    }

    /** The truststore's password. */
    public String truststorePassword() {
        return new String(bundle.storePassword());
    }

    /** The truststore's type, always {@code PKCS12}. */
    public String truststoreType() {
        return "PKCS12";
    }

    /** The CA certificate as PEM (for curl's {@code --cacert} or Python's {@code cafile}). */
    public Path caPem() {
        return bundle.caPem();
    }
}
