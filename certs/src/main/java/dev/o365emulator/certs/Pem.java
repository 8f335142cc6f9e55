package dev.o365emulator.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
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
 * Bouncy Castle's PEM parser there cost a fresh JVM a few hundred milliseconds. A reader throws
 * {@link IOException} when the file cannot be read and {@link GeneralSecurityException} when what it
 * holds is not what it should be, so that a caller can tell an unusable directory from a damaged file.
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
        return certificates(readBytes(file));
    }

    /** The certificates of a PEM file's bytes. */
    static List<X509Certificate> certificates(byte[] file) throws GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Matcher block = BLOCK.matcher(ascii(file));
        while (block.find() && certificates.size() < MAX_CERTIFICATES) {
            if (block.group(1).equals("CERTIFICATE")) {
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(der(block.group(2)))));
                } catch (CertificateException e) {
                    throw new FormatException("a certificate in it cannot be parsed", e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new FormatException("no PEM certificate in it");
        }
        return certificates;
    }

    /** Reads an unencrypted PKCS#8 key of either algorithm this module issues. */
    static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        return privateKey(readBytes(file));
    }

    /** The private key of a PEM file's bytes (unencrypted PKCS#8). */
    static PrivateKey privateKey(byte[] file) throws GeneralSecurityException {
        Matcher block = BLOCK.matcher(ascii(file));
        if (!block.find() || !block.group(1).equals("PRIVATE KEY")) {
            throw new FormatException("no PEM private key (PKCS#8) in it");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der(block.group(2)));
        GeneralSecurityException last = null;
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            try {
                return KeyFactory.getInstance(algorithm.keyType()).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new FormatException("its private key is neither EC nor RSA", last);
    }

    private static byte[] der(String base64) throws FormatException {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new FormatException("malformed base64 in it", e);
        }
    }

    /** The file as ASCII text; bytes that are not (binary garbage) make it damaged, not unreadable. */
    static String read(Path file) throws IOException, FormatException {
        return ascii(readBytes(file));
    }

    /** The file's bytes, refused as damaged past {@link #MAX_FILE_BYTES}. */
    static byte[] readBytes(Path file) throws IOException, FormatException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new FormatException("larger than " + MAX_FILE_BYTES / 1024 + " KB");
        }
        return Files.readAllBytes(file);
    }

    private static String ascii(byte[] bytes) throws FormatException {
        try {
            return StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException("not a text file", e);
        }
    }

    /** What a file holds is not PEM of the expected kind. */
    static final class FormatException extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }

        FormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
