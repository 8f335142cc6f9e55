package dev.o365emulator.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificates with Bouncy Castle's ASN.1 and certificate builders.
 *
 * <p>Keys, signatures and parsing use the JDK's own providers, so nothing here installs or
 * needs the Bouncy Castle JCA provider, and the results are plain JDK objects that
 * {@code KeyStore}, JSSE and Netty accept as they are.
 */
final class CertificateIssuer {

    /** How far into the past validity starts, so a peer whose clock lags still accepts it. */
    static final Duration CLOCK_SKEW = Duration.ofHours(1);

    /** The development CA lives about ten years. */
    static final Duration CA_VALIDITY = Duration.ofDays(3650);

    /** Just under the 825 days Apple platforms accept for a TLS server certificate. */
    static final Duration SERVER_VALIDITY = Duration.ofDays(824);

    static final String ORGANIZATION = "o365-emulator";

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateIssuer() {
    }

    /** A fresh self-signed CA whose name carries a random id, so two machines' CAs differ visibly. */
    static IssuedCertificate newCa(KeyAlgorithm algorithm, Instant now) {
        KeyPair keys = algorithm.generateKeyPair();
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        X500Name subject = name("o365-emulator Development CA (" + HexFormat.of().formatHex(id) + ")");
        Instant notBefore = now.minus(CLOCK_SKEW);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), notBefore,
                    notBefore.plus(CA_VALIDITY))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            return new IssuedCertificate(certificate, keys.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the development CA", e);
        }
    }

    /**
     * A TLS server certificate for {@code names}, issued by {@code issuer}, or self-signed when
     * {@code issuer} is null. The returned chain is the leaf followed by the issuer's chain.
     */
    static IssuedCertificate newServer(IssuedCertificate issuer, KeyAlgorithm algorithm, String commonName,
            Collection<GeneralName> names, Instant notBefore, Instant notAfter) {
        KeyPair keys = algorithm.generateKeyPair();
        X500Name subject = name(commonName);
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
        int usage = KeyUsage.digitalSignature;
        if (algorithm == KeyAlgorithm.RSA_2048) {
            // TLS 1.2 RSA key exchange encrypts the premaster secret with the server key.
            usage |= KeyUsage.keyEncipherment;
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(issuerName, subject, keys.getPublic(), notBefore, notAfter)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, ServerNames.asExtension(names))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, issuer == null
                            ? extensions.createAuthorityKeyIdentifier(keys.getPublic())
                            : extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            X509Certificate certificate = sign(builder, signingKey);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            if (issuer != null) {
                chain.addAll(issuer.chain());
            }
            return new IssuedCertificate(certificate, keys.getPrivate(), chain);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build a server certificate for " + commonName, e);
        }
    }

    /** Whether {@code privateKey} belongs to {@code publicKey}: a cached pair may have been mixed up. */
    static boolean isPair(PrivateKey privateKey, PublicKey publicKey) {
        try {
            KeyAlgorithm algorithm = KeyAlgorithm.of(privateKey);
            byte[] probe = "o365-emulator key pair probe".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm.signatureAlgorithm());
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey publicKey,
            Instant notBefore, Instant notAfter) {
        // Positive, non-zero, at most 17 bytes encoded: inside RFC 5280's 20-octet limit.
        BigInteger serial = new BigInteger(128, RANDOM).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter),
                subject, publicKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            X509CertificateHolder holder = builder.build(
                    new JcaContentSignerBuilder(KeyAlgorithm.of(signingKey).signatureAlgorithm()).build(signingKey));
            return parse(holder.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign the certificate", e);
        }
    }

    static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
