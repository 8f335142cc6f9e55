package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.Trust;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/** {@link Trust} over the emulator's certificate bundle. */
final class TrustFacade implements Trust {

    private final CertificateBundle bundle;
    private volatile SSLContext context;

    TrustFacade(CertificateBundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public Path caPem() {
        return bundle.caPem();
    }

    @Override
    public X509Certificate caCertificate() {
        return bundle.caCertificate();
    }

    @Override
    public SSLContext sslContext() {
        SSLContext c = context;
        if (c == null) {
            // Racy but harmless: two contexts trusting the same CA behave alike.
            c = bundle.clientSslContext();
            context = c;
        }
        return c;
    }

    @Override
    public Path truststore() {
        return bundle.truststore();
    }

    @Override
    public String truststorePassword() {
        return new String(bundle.storePassword());
    }

    @Override
    public Path directory() {
        return bundle.directory();
    }

    @Override
    public List<String> notices() {
        return bundle.notices();
    }
}
