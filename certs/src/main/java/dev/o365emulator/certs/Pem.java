package dev.o365emulator.certs;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM text for certificates and PKCS#8 private keys, in both directions. */
final class Pem {

    /** Largest PEM file read back; the cache's files are a few kilobytes. */
    static final long MAX_FILE_BYTES = 256 * 1024;

    /** Most certificates read from one PEM file. */
    static final int MAX_CERTIFICATES = 16;

    private static final Base64.Encoder BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    static String certificates(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(block("CERTIFICATE", certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot encode a certificate", e);
            }
        }
        return text.toString();
    }

    /** The key as an unencrypted PKCS#8 {@code PRIVATE KEY} block (JDK keys encode as PKCS#8). */
    static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            Object object;
            while ((object = parser.readObject()) != null && certificates.size() < MAX_CERTIFICATES) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(CertificateIssuer.parse(holder.getEncoded()));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in " + file);
        }
        return certificates;
    }

    static PrivateKey readPrivateKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            Object object = parser.readObject();
            if (object instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            throw new IOException("no PKCS#8 private key in " + file);
        }
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
