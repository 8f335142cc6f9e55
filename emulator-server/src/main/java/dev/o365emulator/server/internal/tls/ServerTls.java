package dev.o365emulator.server.internal.tls;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.TlsProvider;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.PemPrivateKey;
import io.netty.handler.ssl.PemX509Certificate;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.netty.handler.ssl.util.TrustManagerFactoryWrapper;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * The emulator's server-side TLS, built once per certificate bundle and provider and shared by every
 * emulator in the JVM, so a start does not pay for it again.
 *
 * <p>TLS 1.2 and 1.3 are enabled: Office 365 requires at least 1.2 on its client endpoints
 * (Microsoft Learn, "Opt in to the Exchange Online endpoint for legacy TLS clients using SMTP
 * AUTH"); refusing 1.0/1.1 with {@code 421 4.7.66} is a scenario's business.
 *
 * <p>Two providers ({@link TlsProvider}) with one behaviour:
 * <ul>
 *   <li><b>OpenSSL</b> (BoringSSL through netty-tcnative): Netty's {@link SslContext} over the
 *       bundle's key and chain, offering the TLS 1.2 suites in the JDK's order of preference
 *       ({@link #CIPHER_SUITES}, those BoringSSL has) and choosing by the server's order, as the
 *       JDK does. BoringSSL does not let its TLS 1.3 suites be chosen or ordered: it offers the
 *       same three as the JDK and, choosing by its own order, prefers AES-128-GCM where the JDK
 *       prefers AES-256-GCM.</li>
 *   <li><b>JDK</b>: the {@link SSLContext} is built directly, with a key manager that hands out the
 *       bundle's key and chain and an empty trust manager list (the emulator asks for no client
 *       certificates). That skips what a general-purpose context pays on first use: loading the
 *       JDK's default trust store and wrapping the key in a PKCS#12 store, which made the first
 *       start of a fresh JVM several hundred milliseconds slower.</li>
 * </ul>
 *
 * <p>Every handler refuses client-initiated renegotiation ({@link RenegotiationRefusingSslHandler}
 * says how, and why not with the JDK's JVM-wide system property); BoringSSL would refuse it anyway.
 * The HTTPS identity endpoint's handlers offer {@code http/1.1} by ALPN, so clients that prefer
 * HTTP/2 (Java's HttpClient, curl) settle on what the endpoint speaks.
 */
public final class ServerTls {

    /** Protocol versions offered to clients. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * The cipher suites OpenSSL is given, in the order of preference of the JDK 17 server (its default
     * list less the DHE suites, which BoringSSL lacks); the key type leaves out the ECDSA or the RSA
     * half. BoringSSL takes the TLS 1.2 ones in this order and its own three TLS 1.3 ones (the same as
     * the JDK's) in its own order. The JDK provider keeps the JDK's own default list.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");

    private static final String HTTP_1_1 = "http/1.1";

    /**
     * The cache's key. Not a record: a record's {@code equals} and {@code hashCode} are bootstrapped
     * through method handles on first use, a dozen classes spun at run time that the class-data
     * archive does not hold, and this key is the first record a start compares (~10 ms of it).
     */
    private static final class Key {
        private final CertificateBundle bundle;
        private final TlsProvider provider;

        Key(CertificateBundle bundle, TlsProvider provider) {
            this.bundle = bundle;
            this.provider = provider;
        }

        CertificateBundle bundle() {
            return bundle;
        }

        TlsProvider provider() {
            return provider;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.bundle.equals(bundle) && key.provider == provider;
        }

        @Override
        public int hashCode() {
            return 31 * bundle.hashCode() + provider.hashCode();
        }
    }

    private static final Map<Key, ServerTls> CACHE = new ConcurrentHashMap<>();

    private final CertificateBundle bundle;
    private final TlsProvider provider;
    private final SSLContext jdk;
    private final SslContext openSsl;
    private final SslContext openSslHttps;

    private ServerTls(CertificateBundle bundle, TlsProvider provider) {
        this.bundle = bundle;
        this.provider = provider;
        String keyType = bundle.keyAlgorithm().keyType();
        try {
            if (provider == TlsProvider.OPENSSL) {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("OpenSSL TLS is not available here: "
                            + provider.unavailabilityReason());
                }
                jdk = null;
                // The PEM of the bundle's files as they are, which BoringSSL parses itself: the JDK's
                // X.509 and key parsers are not needed for it, and a start from checked files skips them.
                KeyManagerFactory keys = new OpenSslCachingX509KeyManagerFactory(new KeyManagerFactoryWrapper(
                        new BundleKeyManager(keyType, PemPrivateKey.valueOf(bundle.server().privateKeyPem()),
                                new X509Certificate[] {PemX509Certificate.valueOf(bundle.server().chainPem())})));
                openSsl = openSsl(keys, ApplicationProtocolConfig.DISABLED);
                openSslHttps = openSsl(keys, new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, HTTP_1_1));
            } else {
                jdk = SSLContext.getInstance("TLS");
                jdk.init(new KeyManager[] {new BundleKeyManager(keyType, bundle.serverPrivateKey(),
                        bundle.serverChain().toArray(new X509Certificate[0]))}, new TrustManager[0], null);
                openSsl = null;
                openSslHttps = null;
            }
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalStateException("cannot build the server TLS context (" + provider.id() + ") from " + bundle,
                    e);
        }
    }

    /**
     * An OpenSSL context over the bundle's key manager. The key and chain go to BoringSSL once (the
     * caching factory converts them on the first handshake and keeps them), and the trust manager
     * is one that trusts nobody, since no client certificate is asked for: given a key and chain
     * instead, Netty would wrap them in a password-protected PKCS#12 store and load the JDK's
     * default trust store, a few hundred milliseconds of a fresh JVM's start.
     */
    private static SslContext openSsl(KeyManagerFactory keys, ApplicationProtocolConfig alpn) throws SSLException {
        // OPENSSL_REFCNT: engines are freed when their SslHandler is removed, not by finalizers, which
        // would weigh on the collector with thousands of idle connections.
        return SslContextBuilder.forServer(keys).trustManager(new TrustManagerFactoryWrapper(NO_CLIENT_CERTIFICATES))
                .sslProvider(SslProvider.OPENSSL_REFCNT).protocols(PROTOCOLS)
                .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE).clientAuth(ClientAuth.NONE)
                .applicationProtocolConfig(alpn).build();
    }

    /** Trusts no client certificate: none is asked for. */
    private static final X509TrustManager NO_CLIENT_CERTIFICATES = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the emulator asks for no client certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server trusts no servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    /** The context for a bundle and the {@linkplain TlsProvider#preferred() preferred provider}. */
    public static ServerTls forBundle(CertificateBundle bundle) {
        return forBundle(bundle, TlsProvider.preferred());
    }

    /**
     * The context for a bundle and provider, built on first use and cached for the life of the JVM.
     *
     * @throws IllegalStateException when OpenSSL is asked for where its native library does not load
     */
    public static ServerTls forBundle(CertificateBundle bundle, TlsProvider provider) {
        return CACHE.computeIfAbsent(new Key(bundle, provider), k -> new ServerTls(k.bundle(), k.provider()));
    }

    public CertificateBundle bundle() {
        return bundle;
    }

    /** Which implementation runs the handshakes and the encryption. */
    public TlsProvider provider() {
        return provider;
    }

    /** A handler for a connection that starts with a TLS handshake. */
    public SslHandler newImplicitHandler(ByteBufAllocator alloc) {
        return new RenegotiationRefusingSslHandler(newEngine(alloc, false), false);
    }

    /**
     * A handler for the STARTTLS/STLS upgrade: the first write through it (the go-ahead reply)
     * still leaves in plain text, as the protocols require.
     */
    public SslHandler newStartTlsHandler(ByteBufAllocator alloc) {
        return new RenegotiationRefusingSslHandler(newEngine(alloc, false), true);
    }

    /** A handler for the HTTPS identity endpoint: implicit TLS that offers {@code http/1.1} by ALPN. */
    public SslHandler newHttpsHandler(ByteBufAllocator alloc) {
        return new RenegotiationRefusingSslHandler(newEngine(alloc, true), false);
    }

    /** A server engine; an OpenSSL one holds native memory until its handler (or the caller) releases it. */
    SSLEngine newEngine(ByteBufAllocator alloc, boolean https) {
        if (provider == TlsProvider.OPENSSL) {
            return (https ? openSslHttps : openSsl).newEngine(alloc);
        }
        SSLEngine engine = jdk.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS);
        if (https) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {HTTP_1_1});
            engine.setSSLParameters(parameters);
        }
        return engine;
    }

    /**
     * Hands out the one server key and chain for whichever key type the handshake asks for, if it matches.
     * For OpenSSL the key and chain are Netty's PEM holders, which answer nothing but their bytes (hence
     * the key type given apart).
     */
    private static final class BundleKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "o365-emulator";

        private final String keyType;
        private final PrivateKey key;
        private final X509Certificate[] chain;

        BundleKeyManager(String keyType, PrivateKey key, X509Certificate[] chain) {
            this.keyType = keyType;
            this.key = key;
            this.chain = chain;
        }

        private String aliasFor(String keyType) {
            return this.keyType.equals(keyType) ? ALIAS : null;
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
