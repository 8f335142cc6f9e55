package dev.o365emulator.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text for certificates and PKCS#8 private keys, in both directions.
 *
 * <p>Reading uses the JDK alone: it runs on every start with cached certificates, and loading
 * Bouncy Castle's PEM parser there cost a fresh JVM a few hundred milliseconds.
 */
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

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Matcher block = BLOCK.matcher(read(file));
        while (block.find() && certificates.size() < MAX_CERTIFICATES) {
            if (block.group(1).equals("CERTIFICATE")) {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(der(block.group(2), file))));
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in " + file);
        }
        return certificates;
    }

    /** Reads an unencrypted PKCS#8 key of either algorithm this module issues. */
    static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher block = BLOCK.matcher(read(file));
        if (!block.find() || !block.group(1).equals("PRIVATE KEY")) {
            throw new IOException("no PKCS#8 private key in " + file);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der(block.group(2), file));
        GeneralSecurityException last = null;
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            try {
                return KeyFactory.getInstance(algorithm.keyType()).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static byte[] der(String base64, Path file) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed base64 in " + file, e);
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
