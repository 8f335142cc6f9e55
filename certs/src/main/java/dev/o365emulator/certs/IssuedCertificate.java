package dev.o365emulator.certs;

import dev.o365emulator.certs.CertificateCacheException.Problem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;

/**
 * A certificate, its private key and the chain a TLS server presents (the certificate first,
 * then its issuers).
 *
 * <p>One read from a certificate directory whose files are the ones last checked holds their PEM
 * bytes and parses them into JDK objects on first use: a start that hands the PEM to OpenSSL never
 * pays for the JDK's X.509 and key parsers. The bytes are the ones the check parsed, so the parse
 * cannot fail unless the JDK itself changed; it is then reported as a damaged file.
 */
public final class IssuedCertificate {

    private final Part certificate;
    private final KeyPart privateKey;
    private final List<Part> chain;

    /** Requires a non-empty chain that starts with {@code certificate}. */
    public IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        List<X509Certificate> copy = List.copyOf(chain);
        if (copy.isEmpty() || !copy.get(0).equals(certificate)) {
            throw new IllegalArgumentException("the chain must start with the certificate itself");
        }
        List<Part> parts = new ArrayList<>(copy.size());
        for (X509Certificate each : copy) {
            parts.add(new Part(each));
        }
        this.certificate = parts.get(0);
        this.privateKey = new KeyPart(privateKey);
        this.chain = List.copyOf(parts);
    }

    private IssuedCertificate(Part certificate, KeyPart privateKey, List<Part> chain) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
    }

    /**
     * One whose files were checked before: {@code certificatePem} and {@code keyPem} (named by
     * {@code certificateFile} and {@code keyFile} should a parse fail), issued by {@code issuers}.
     */
    static IssuedCertificate ofCheckedFiles(Path certificateFile, byte[] certificatePem, Path keyFile, byte[] keyPem,
            List<IssuedCertificate> issuers) {
        Part certificate = new Part(certificateFile, certificatePem);
        List<Part> chain = new ArrayList<>();
        chain.add(certificate);
        for (IssuedCertificate issuer : issuers) {
            chain.add(issuer.certificate);
        }
        return new IssuedCertificate(certificate, new KeyPart(keyFile, keyPem), chain);
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate.parsed();
    }

    /** Its private key. */
    public PrivateKey privateKey() {
        return privateKey.parsed();
    }

    /** The chain a server presents: this certificate, then its issuers. */
    public List<X509Certificate> chain() {
        List<X509Certificate> result = new ArrayList<>(chain.size());
        for (Part part : chain) {
            result.add(part.parsed());
        }
        return List.copyOf(result);
    }

    /** {@link #chain()} as PEM {@code CERTIFICATE} blocks, the certificate first: what OpenSSL reads. */
    public byte[] chainPem() {
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        for (Part part : chain) {
            pem.writeBytes(part.pem());
        }
        return pem.toByteArray();
    }

    /** {@link #privateKey()} as an unencrypted PKCS#8 PEM block: what OpenSSL reads. */
    public byte[] privateKeyPem() {
        return privateKey.pem();
    }

    /**
     * A new in-memory PKCS#12 key store holding the key and chain under
     * {@link CertificateBundle#KEY_ALIAS}, protected by {@link CertificateBundle#STORE_PASSWORD}.
     */
    public KeyStore keyStore() {
        return Stores.keyStore(privateKey(), chain());
    }

    /** A key manager factory over {@link #keyStore()}, ready for {@code SSLContext.init}. */
    public KeyManagerFactory keyManagerFactory() {
        return Stores.keyManagerFactory(keyStore());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IssuedCertificate that && certificate().equals(that.certificate())
                && privateKey().equals(that.privateKey()) && chain().equals(that.chain());
    }

    @Override
    public int hashCode() {
        return certificate().hashCode();
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate().getSubjectX500Principal().getName() + "]";
    }

    private static CertificateCacheException damaged(Path file, GeneralSecurityException e) {
        return new CertificateCacheException(Problem.DAMAGED, file, file + " is damaged: " + CachedFiles.reason(e), e);
    }

    /** A certificate, parsed or as the PEM bytes of a checked file (parsed on first use). */
    private static final class Part {
        private final Path file;
        private final byte[] pem;
        private volatile X509Certificate parsed;

        Part(X509Certificate parsed) {
            this.file = null;
            this.pem = null;
            this.parsed = parsed;
        }

        Part(Path file, byte[] pem) {
            this.file = file;
            this.pem = pem.clone();
        }

        X509Certificate parsed() {
            X509Certificate result = parsed;
            if (result == null) {
                try {
                    result = Pem.certificates(pem).get(0);
                } catch (GeneralSecurityException | RuntimeException e) {
                    throw damaged(file, e instanceof GeneralSecurityException g ? g
                            : new Pem.FormatException("it cannot be parsed", e));
                }
                parsed = result;
            }
            return result;
        }

        byte[] pem() {
            return pem != null ? pem.clone()
                    : Pem.certificates(List.of(parsed)).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A private key, parsed or as the PEM bytes of a checked file (parsed on first use). */
    private static final class KeyPart {
        private final Path file;
        private final byte[] pem;
        private volatile PrivateKey parsed;

        KeyPart(PrivateKey parsed) {
            this.file = null;
            this.pem = null;
            this.parsed = parsed;
        }

        KeyPart(Path file, byte[] pem) {
            this.file = file;
            this.pem = pem.clone();
        }

        PrivateKey parsed() {
            PrivateKey result = parsed;
            if (result == null) {
                try {
                    result = Pem.privateKey(pem);
                } catch (GeneralSecurityException | RuntimeException e) {
                    throw damaged(file, e instanceof GeneralSecurityException g ? g
                            : new Pem.FormatException("it cannot be parsed", e));
                }
                parsed = result;
            }
            return result;
        }

        byte[] pem() {
            return pem != null ? pem.clone() : Pem.privateKey(parsed).getBytes(StandardCharsets.US_ASCII);
        }
    }
}
