package dev.o365emulator.certs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The emulator's development CA and the TLS server certificate it issued, with the files and
 * JDK objects a server or a client needs.
 *
 * <p>Two ways to get one:
 * <ul>
 *   <li>{@link #loadOrCreate(Path)} keeps everything in the {@code certs/} subfolder of a data
 *       directory (by default {@code ~/.o365-emulator/certs}) and reuses it on the next start, so
 *       a CA a developer once trusted stays valid. The server certificate is reissued under the
 *       same CA when it expires within 30 days, lacks a requested name or uses another key
 *       algorithm; a new CA is made only on the first start, when the CA is not valid now (or
 *       within 30 days), or when {@link CertificateOptions#withRegenerate asked}. A damaged file,
 *       or a CA of another key algorithm, is never replaced: it stops the load with a
 *       {@link CertificateCacheException} naming it. A damaged export ({@code chain.pem} and the
 *       PKCS#12 stores, copies of the other files) is written again. What was replaced is listed
 *       in {@link #notices()}. A directory whose files are sound is only read, so it may be
 *       read-only. Two processes may start on one directory at once.</li>
 *   <li>{@link #shared()} returns one in-memory bundle per JVM and key algorithm, for tests: the
 *       keys are generated once, and the export files live in a private temporary directory
 *       deleted when the JVM exits.</li>
 * </ul>
 *
 * <p>Files in {@link #directory()}:
 * <table>
 *   <caption>Exported files</caption>
 *   <tr><th>file</th><th>content</th></tr>
 *   <tr><td>{@code ca.pem}</td><td>the CA certificate: what a client must trust</td></tr>
 *   <tr><td>{@code ca-key.pem}</td><td>the CA private key, PKCS#8, owner-only</td></tr>
 *   <tr><td>{@code server.pem}</td><td>the server certificate</td></tr>
 *   <tr><td>{@code server-key.pem}</td><td>the server private key, PKCS#8, owner-only</td></tr>
 *   <tr><td>{@code chain.pem}</td><td>the server certificate, then the CA</td></tr>
 *   <tr><td>{@code truststore.p12}</td><td>PKCS#12, the CA as trusted entry {@value #CA_ALIAS}</td></tr>
 *   <tr><td>{@code keystore.p12}</td><td>PKCS#12, key and chain as entry {@value #KEY_ALIAS}, owner-only</td></tr>
 * </table>
 * Both PKCS#12 stores use the password {@value #STORE_PASSWORD}.
 *
 * <pre>{@code
 * CertificateBundle certs = CertificateBundle.shared();
 * SSLContext server = SSLContext.getInstance("TLS");
 * server.init(certs.keyManagerFactory().getKeyManagers(), null, null);
 * SSLContext client = certs.clientSslContext(); // trusts only the development CA
 * }</pre>
 *
 * <p>Failures to read or write the directory, and damaged files, surface as
 * {@link CertificateCacheException} (an {@link UncheckedIOException}) with a one-line message.
 */
public final class CertificateBundle {

    /** The password of both PKCS#12 stores; the keys are development keys, not secrets. */
    public static final String STORE_PASSWORD = "changeit";

    /** Alias of the server key entry in {@code keystore.p12}. */
    public static final String KEY_ALIAS = "o365-emulator";

    /** Alias of the CA trusted-certificate entry in {@code truststore.p12}. */
    public static final String CA_ALIAS = "o365-emulator-ca";

    /** The subfolder of a data directory that holds the certificate files. */
    public static final String CERTS_FOLDER = "certs";

    private final Path directory;
    private final KeyAlgorithm keyAlgorithm;
    private final IssuedCertificate ca;
    private final IssuedCertificate server;
    private final Clock clock;
    private final List<String> notices;
    private volatile BadCertificates badCertificates;

    private CertificateBundle(Path directory, KeyAlgorithm keyAlgorithm, IssuedCertificate ca,
            IssuedCertificate server, Clock clock, List<String> notices) {
        this.directory = directory;
        this.keyAlgorithm = keyAlgorithm;
        this.ca = ca;
        this.server = server;
        this.clock = clock;
        this.notices = List.copyOf(notices);
    }

    /** {@code ~/.o365-emulator}: the emulator's default data directory (certificates go in its {@code certs/}). */
    public static Path defaultDataDirectory() {
        return Path.of(System.getProperty("user.home"), ".o365-emulator");
    }

    /** Loads or creates the default (EC P-256) certificates in {@code dataDir/certs}. */
    public static CertificateBundle loadOrCreate(Path dataDir) {
        return loadOrCreate(dataDir, CertificateOptions.defaults());
    }

    /**
     * Loads the certificates cached in {@code dataDir/certs}, creating or reissuing what is
     * missing or no longer fits {@code options}; see the class description for the rules.
     *
     * @throws CertificateCacheException for a damaged or mismatched file, or a directory that cannot
     *     be read (or written, when something must be)
     */
    public static CertificateBundle loadOrCreate(Path dataDir, CertificateOptions options) {
        Objects.requireNonNull(options, "options");
        Path directory = dataDir.resolve(CERTS_FOLDER).toAbsolutePath().normalize();
        CertificateDirectory.Contents contents = CertificateDirectory.loadOrCreate(directory, options);
        return new CertificateBundle(directory, options.keyAlgorithm(), contents.ca(), contents.server(),
                options.clock(), contents.notices());
    }

    /** The JVM-wide in-memory EC P-256 bundle; see {@link #shared(KeyAlgorithm)}. */
    public static CertificateBundle shared() {
        return shared(KeyAlgorithm.EC_P256);
    }

    /**
     * One bundle per JVM and key algorithm, generated on first use and then returned as is.
     * Its files live in a private temporary directory that is deleted when the JVM exits.
     */
    public static CertificateBundle shared(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case EC_P256 -> SharedEc.INSTANCE;
            case RSA_2048 -> SharedRsa.INSTANCE;
        };
    }

    /** Deliberately broken certificates for negative tests, made (once) from this bundle's CA. */
    public BadCertificates badCertificates() {
        BadCertificates result = badCertificates;
        if (result == null) {
            synchronized (this) {
                result = badCertificates;
                if (result == null) {
                    result = new BadCertificates(ca, keyAlgorithm, clock);
                    badCertificates = result;
                }
            }
        }
        return result;
    }

    /**
     * What the load replaced or could not repair, one line each, for the user (empty when it only
     * reused or first created the files): a new CA in place of an expired one, an export written
     * again because it was damaged, a damaged export left in a read-only directory.
     */
    public List<String> notices() {
        return notices;
    }

    /** A new PKCS#12 store with the server key and chain under {@link #KEY_ALIAS}. */
    public KeyStore keyStore() {
        return server.keyStore();
    }

    /** A new PKCS#12 store with the CA as trusted certificate {@link #CA_ALIAS}. */
    public KeyStore trustStore() {
        return Stores.trustStore(ca.certificate());
    }

    /** Key managers presenting the server certificate and chain, for a JSSE server. */
    public KeyManagerFactory keyManagerFactory() {
        return server.keyManagerFactory();
    }

    /** Trust managers that trust exactly the development CA. */
    public TrustManagerFactory trustManagerFactory() {
        return Stores.trustManagerFactory(trustStore());
    }

    /** A TLS client context trusting only the development CA (no JDK default roots). */
    public SSLContext clientSslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS client context", e);
        }
    }

    /** The server certificate with its key and chain, as one value. */
    public IssuedCertificate server() {
        return server;
    }

    /** The server's private key (the one {@link #serverCertificate()} certifies). */
    public PrivateKey serverPrivateKey() {
        return server.privateKey();
    }

    /** The TLS server certificate. */
    public X509Certificate serverCertificate() {
        return server.certificate();
    }

    /** The development CA certificate. */
    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** The chain a server presents: the server certificate, then the CA. */
    public List<X509Certificate> serverChain() {
        return server.chain();
    }

    /** The directory holding the files below. */
    public Path directory() {
        return directory;
    }

    /** {@code ca.pem}: the CA certificate to trust. */
    public Path caPem() {
        return directory.resolve(CertificateDirectory.CA_PEM);
    }

    /** {@code chain.pem}: server certificate, then CA. */
    public Path chainPem() {
        return directory.resolve(CertificateDirectory.CHAIN_PEM);
    }

    /** {@code server.pem}: the server certificate alone. */
    public Path serverPem() {
        return directory.resolve(CertificateDirectory.SERVER_PEM);
    }

    /** {@code server-key.pem}: the server key, unencrypted PKCS#8. */
    public Path serverKeyPem() {
        return directory.resolve(CertificateDirectory.SERVER_KEY_PEM);
    }

    /** {@code truststore.p12}: the CA as a PKCS#12 trust store. */
    public Path truststore() {
        return directory.resolve(CertificateDirectory.TRUSTSTORE);
    }

    /** {@code keystore.p12}: the server key and chain as a PKCS#12 key store. */
    public Path keystore() {
        return directory.resolve(CertificateDirectory.KEYSTORE);
    }

    /** A fresh copy of {@link #STORE_PASSWORD}, since callers may clear the array. */
    public char[] storePassword() {
        return STORE_PASSWORD.toCharArray();
    }

    /** The key algorithm of both the CA and the server certificate. */
    public KeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    @Override
    public String toString() {
        return "CertificateBundle[" + keyAlgorithm + ", " + directory + ", CA "
                + ca.certificate().getSubjectX500Principal().getName() + "]";
    }

    private static CertificateBundle createShared(KeyAlgorithm algorithm) {
        CertificateOptions options = CertificateOptions.defaults().withKeyAlgorithm(algorithm);
        IssuedCertificate ca = CertificateIssuer.newCa(algorithm, options.clock().instant());
        IssuedCertificate server = CertificateDirectory.issueServer(ca, algorithm,
                ServerNames.required(List.of()), Optional.empty(), options.clock().instant());
        try {
            Path directory = Files.createTempDirectory("o365-emulator-certs-");
            // deleteOnExit runs in reverse order of registration: the files first, then the directory.
            directory.toFile().deleteOnExit();
            CertificateDirectory.writeAll(directory, new CertificateDirectory.Contents(ca, server, List.of()));
            try (var files = Files.list(directory)) {
                files.map(Path::toFile).forEach(File::deleteOnExit);
            }
            return new CertificateBundle(directory, algorithm, ca, server, options.clock(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shared certificates", e);
        }
    }

    /** Lazy holder: the EC bundle is generated on first use, once, without explicit locking. */
    private static final class SharedEc {
        static final CertificateBundle INSTANCE = createShared(KeyAlgorithm.EC_P256);
    }

    /** Lazy holder for the RSA bundle, kept apart so EC users never pay for RSA key generation. */
    private static final class SharedRsa {
        static final CertificateBundle INSTANCE = createShared(KeyAlgorithm.RSA_2048);
    }
}
