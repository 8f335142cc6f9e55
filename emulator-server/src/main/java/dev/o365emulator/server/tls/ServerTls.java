package dev.o365emulator.server.tls;

import dev.o365emulator.certs.CertificateBundle;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.buffer.ByteBufAllocator;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * The emulator's server-side TLS: one Netty {@link SslContext} for implicit TLS (465, 993, 995) and
 * one for the STARTTLS/STLS upgrade, built once per certificate bundle and shared by every
 * emulator in the JVM, so a start does not pay for it again.
 *
 * <p>TLS 1.2 and 1.3 are enabled: Office 365 requires at least 1.2 on its client endpoints
 * (o365-reference.md §6); refusing 1.0/1.1 with {@code 421 4.7.66} is a scenario's business.
 */
public final class ServerTls {

    /** Protocol versions offered to clients. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final Map<CertificateBundle, ServerTls> CACHE = new ConcurrentHashMap<>();

    private final CertificateBundle bundle;
    private final SslContext implicit;
    private final SslContext startTls;

    private ServerTls(CertificateBundle bundle) {
        this.bundle = bundle;
        this.implicit = build(bundle, false);
        this.startTls = build(bundle, true);
    }

    /** The contexts for a bundle, built on first use and cached for the life of the JVM. */
    public static ServerTls forBundle(CertificateBundle bundle) {
        return CACHE.computeIfAbsent(bundle, ServerTls::new);
    }

    public CertificateBundle bundle() {
        return bundle;
    }

    /** A handler for a connection that starts with a TLS handshake. */
    public SslHandler newImplicitHandler(ByteBufAllocator alloc) {
        return implicit.newHandler(alloc);
    }

    /**
     * A handler for the STARTTLS/STLS upgrade: the first write through it (the go-ahead reply)
     * still leaves in plain text, as the protocols require.
     */
    public SslHandler newStartTlsHandler(ByteBufAllocator alloc) {
        return startTls.newHandler(alloc);
    }

    private static SslContext build(CertificateBundle bundle, boolean startTls) {
        try {
            return SslContextBuilder
                    .forServer(bundle.serverPrivateKey(), bundle.serverChain().toArray(new X509Certificate[0]))
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .startTls(startTls)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the server TLS context from " + bundle, e);
        }
    }
}
