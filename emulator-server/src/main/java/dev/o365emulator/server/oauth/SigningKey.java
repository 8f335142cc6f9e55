package dev.o365emulator.server.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RSA key the identity platform signs tokens with (RS256, as Microsoft's), cached beside the
 * certificates: {@value #FILE_NAME} in the certificate directory, so tokens stay valid across
 * restarts of a standalone emulator and every in-process emulator of a JVM shares one key.
 *
 * <p>The key id ({@code kid} in token headers and the JWKS) is the key's RFC 7638
 * thumbprint, so a client that caches the JWKS sees a new id when the file is replaced.
 */
public final class SigningKey {

    /** The cached private key: PKCS#8, PEM. */
    public static final String FILE_NAME = "oauth-signing-key.pem";
    private static final int BITS = 2048;
    private static final int MAX_FILE_LENGTH = 16 * 1024;
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
     * there on first use; loaded once per JVM and directory.
     */
    public static SigningKey forDirectory(Path directory) {
        return CACHE.computeIfAbsent(directory.toAbsolutePath().normalize(), SigningKey::loadOrCreate);
    }

    private static SigningKey loadOrCreate(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= MAX_FILE_LENGTH) {
                try {
                    return new SigningKey(read(Files.readString(file, StandardCharsets.US_ASCII)));
                } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException damaged) {
                    // a damaged or foreign file is replaced, like a certificate that no longer fits
                }
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
            Files.writeString(temporary, write(key), StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new SigningKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the OAuth signing key in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the OAuth signing key", e);
        }
    }

    private static RSAPrivateCrtKey read(String pem) throws GeneralSecurityException {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
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
