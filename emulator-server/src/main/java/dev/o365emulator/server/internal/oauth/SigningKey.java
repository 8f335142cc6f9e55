package dev.o365emulator.server.internal.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.o365emulator.certs.CertificateCacheException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key the identity platform signs tokens with (RS256, as Microsoft's), cached beside the
 * certificates: {@value #FILE_NAME} in the certificate directory, so tokens stay valid across
 * restarts of a standalone emulator and every in-process emulator of a JVM shares one key.
 *
 * <p>The key id ({@code kid} in token headers and the JWKS) is the key's RFC 7638
 * thumbprint, so a client that caches the JWKS sees a new id when the file is replaced.
 *
 * <p>A damaged file is never replaced silently (every token it signed would stop verifying with no
 * word why): it throws a {@link CertificateCacheException} naming it, as damaged certificates do.
 */
public final class SigningKey {

    /** The cached private key: PKCS#8, PEM. */
    public static final String FILE_NAME = "oauth-signing-key.pem";
    /**
     * Beside the key: the SHA-256 of the key file as the last start checked it, so that later starts
     * skip parsing the same bytes again; any other content (or none) means a full check.
     */
    static final String CHECKED_FILE = ".oauth-signing-key.sha256";
    private static final int BITS = 2048;
    private static final int MAX_FILE_LENGTH = 16 * 1024;
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+?)-----END PRIVATE KEY-----");
    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
    private static final Map<Path, SigningKey> CACHE = new ConcurrentHashMap<>();

    private final RSAKey jwk;

    private SigningKey(RSAPrivateCrtKey privateKey) {
        try {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RSAKey unnamed = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
            jwk = new RSAKey.Builder(unnamed).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(unnamed.computeThumbprint().toString()).build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot use the OAuth signing key", e);
        }
    }

    /**
     * The key cached in {@code directory} (normally {@code CertificateBundle.directory()}), created
     * there on first use; loaded once per JVM and directory. Where the file cannot be written (a
     * read-only directory) the new key lives in memory only, and a warning says that its tokens will
     * not verify after a restart.
     *
     * @throws CertificateCacheException when the file is there but damaged: it is never replaced
     *     silently, since every token it signed would stop verifying
     */
    public static SigningKey forDirectory(Path directory) {
        return CACHE.computeIfAbsent(directory.toAbsolutePath().normalize(), SigningKey::loadOrCreate);
    }

    /**
     * Checks the cached key file, if there is one, without building the key: one small read and a
     * PKCS#8 parse. The emulator builds its signing key on first OAuth use, which may be long after
     * the start; a start that checks first stops with a clear line instead of failing later, far from
     * the cause.
     *
     * @throws CertificateCacheException when the file is damaged or cannot be read
     */
    public static void check(Path directory) {
        checkIfPresent(directory);
    }

    /**
     * What a start does: {@link #check} the cached key, or make it when there is none, so that a
     * data directory has its key from the first start on (tokens that {@code o365-emulator token}
     * signs with it verify in the running emulator, whichever of the two runs first).
     *
     * @throws CertificateCacheException when the file is damaged or cannot be read
     */
    public static void checkOrCreate(Path directory) {
        if (!checkIfPresent(directory)) {
            forDirectory(directory);
        }
    }

    /** Checks the key file; false when there is none. */
    private static boolean checkIfPresent(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        byte[] bytes = readBytes(file);
        if (bytes == null) {
            return false;
        }
        // The same bytes as at the last check parse the same way: the stamp spares each start the RSA parse.
        String sum = sha256(bytes);
        Path stamp = directory.resolve(CHECKED_FILE);
        if (sum.equals(readStamp(stamp))) {
            return true;
        }
        parse(file, bytes);
        try {
            Files.writeString(stamp, sum, StandardCharsets.US_ASCII);
        } catch (IOException readOnly) {
            // Only a hint: the next start parses the key again.
        }
        return true;
    }

    /**
     * Deletes the cached key and forgets it, so that the next use makes a new one (what regenerating
     * the certificates does to the key beside them).
     *
     * @throws CertificateCacheException when the file cannot be deleted
     */
    public static void discard(Path directory) {
        Path normalized = directory.toAbsolutePath().normalize();
        CACHE.remove(normalized);
        Path file = normalized.resolve(FILE_NAME);
        try {
            Files.deleteIfExists(normalized.resolve(CHECKED_FILE));
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CertificateCacheException(CertificateCacheException.Problem.UNUSABLE, file,
                    "cannot delete " + file + ": " + reason(e), e);
        }
    }

    private static SigningKey loadOrCreate(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        RSAPrivateCrtKey cached = read(file);
        if (cached != null) {
            return new SigningKey(cached);
        }
        RSAPrivateCrtKey key;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the OAuth signing key", e);
        }
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
            try {
                Files.writeString(temporary, write(key), StandardCharsets.US_ASCII);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            log.warn("Cannot save the OAuth signing key as {} ({}): tokens it signs stop verifying when the emulator"
                    + " restarts.", file, reason(e));
        }
        return new SigningKey(key);
    }

    /** The cached key, or null when there is no file; never a silent replacement for a damaged one. */
    private static RSAPrivateCrtKey read(Path file) {
        byte[] bytes = readBytes(file);
        return bytes == null ? null : parse(file, bytes);
    }

    /** The key file's bytes, or null when there is none. */
    private static byte[] readBytes(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_LENGTH) {
                throw damaged(file, "larger than " + MAX_FILE_LENGTH / 1024 + " KB", null);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw new CertificateCacheException(CertificateCacheException.Problem.UNUSABLE, file,
                    "cannot read " + file + ": " + reason(e), e);
        }
    }

    /** The SHA-256 recorded by the last successful check, or null. */
    private static String readStamp(Path stamp) {
        try {
            return Files.size(stamp) == 64 ? Files.readString(stamp, StandardCharsets.US_ASCII) : null;
        } catch (IOException | RuntimeException none) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static RSAPrivateCrtKey parse(Path file, byte[] bytes) {
        String pem;
        try {
            pem = StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw damaged(file, "not a text file", e);
        }
        Matcher block = PEM_KEY.matcher(pem);
        if (!block.find()) {
            throw damaged(file, "no PEM private key (PKCS#8) in it", null);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(block.group(1));
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
                    instanceof RSAPrivateCrtKey key) {
                return key;
            }
            throw damaged(file, "not an RSA private key with its CRT parameters", null);
        } catch (IllegalArgumentException e) {
            throw damaged(file, "malformed base64 in it", e);
        } catch (GeneralSecurityException e) {
            throw damaged(file, "not an RSA private key", e);
        }
    }

    private static CertificateCacheException damaged(Path file, String why, Throwable cause) {
        return new CertificateCacheException(CertificateCacheException.Problem.DAMAGED, file,
                file + " is damaged: " + why, cause);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String write(RSAPrivateCrtKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The key id, {@code kid} in token headers and the JWKS. */
    public String keyId() {
        return jwk.getKeyID();
    }

    /** The private and public key. */
    public RSAKey jwk() {
        return jwk;
    }

    /** The public half, as {@code /discovery/v2.0/keys} serves it. */
    public JWKSet publicJwkSet() {
        return new JWKSet(jwk.toPublicJWK());
    }
}
