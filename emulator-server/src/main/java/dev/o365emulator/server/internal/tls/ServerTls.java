package dev.o365emulator.server.internal.tls;

import dev.o365emulator.certs.CertificateBundle;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The emulator's server-side TLS, built once per certificate bundle and shared by every emulator
 * in the JVM, so a start does not pay for it again.
 *
 * <p>TLS 1.2 and 1.3 are enabled: Office 365 requires at least 1.2 on its client endpoints
 * (o365-reference.md §6); refusing 1.0/1.1 with {@code 421 4.7.66} is a scenario's business.
 *
 * <p>The JDK {@link SSLContext} is built directly, with a key manager that hands out the bundle's
 * key and chain and an empty trust manager list (the emulator asks for no client certificates).
 * That skips what a general-purpose context pays on first use: loading the JDK's default trust
 * store and wrapping the key in a PKCS#12 store, which made the first start of a fresh JVM
 * several hundred milliseconds slower.
 *
 * <p>Every handler refuses client-initiated renegotiation ({@link RenegotiationRefusingSslHandler}
 * says how, and why not with the JDK's JVM-wide system property).
 */
public final class ServerTls {

    /** Protocol versions offered to clients. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final Map<CertificateBundle, ServerTls> CACHE = new ConcurrentHashMap<>();

    private final CertificateBundle bundle;
    private final SSLContext context;

    private ServerTls(CertificateBundle bundle) {
        this.bundle = bundle;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new BundleKeyManager(bundle.serverPrivateKey(),
                    bundle.serverChain().toArray(new X509Certificate[0]))}, new TrustManager[0], null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server TLS context from " + bundle, e);
        }
    }

    /** The context for a bundle, built on first use and cached for the life of the JVM. */
    public static ServerTls forBundle(CertificateBundle bundle) {
        return CACHE.computeIfAbsent(bundle, ServerTls::new);
    }

    public CertificateBundle bundle() {
        return bundle;
    }

    /** A handler for a connection that starts with a TLS handshake. */
    public SslHandler newImplicitHandler(ByteBufAllocator alloc) {
        return new RenegotiationRefusingSslHandler(newEngine(), false);
    }

    /**
     * A handler for the STARTTLS/STLS upgrade: the first write through it (the go-ahead reply)
     * still leaves in plain text, as the protocols require.
     */
    public SslHandler newStartTlsHandler(ByteBufAllocator alloc) {
        return new RenegotiationRefusingSslHandler(newEngine(), true);
    }

    /**
     * A handler for the HTTPS identity endpoint: implicit TLS that offers {@code http/1.1} by ALPN,
     * so clients that prefer HTTP/2 (Java's HttpClient, curl) settle on what the endpoint speaks.
     */
    public SslHandler newHttpsHandler(ByteBufAllocator alloc) {
        SSLEngine engine = newEngine();
        javax.net.ssl.SSLParameters parameters = engine.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        engine.setSSLParameters(parameters);
        return new RenegotiationRefusingSslHandler(engine, false);
    }

    private SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS);
        return engine;
    }

    /** Hands out the one server key and chain for whichever key type the handshake asks for, if it matches. */
    private static final class BundleKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "o365-emulator";

        private final PrivateKey key;
        private final X509Certificate[] chain;

        BundleKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        private String aliasFor(String keyType) {
            return key.getAlgorithm().equals(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            String alias = aliasFor(keyType);
            return alias == null ? null : new String[] {alias};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
