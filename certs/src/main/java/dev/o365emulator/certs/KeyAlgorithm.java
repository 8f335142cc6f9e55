package dev.o365emulator.certs;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/** The key type used for both the development CA and the certificates it issues. */
public enum KeyAlgorithm {
    /** NIST P-256 keys signed with SHA256withECDSA: fast to generate, the default. */
    EC_P256("EC", "SHA256withECDSA", 256),
    /** 2048-bit RSA keys signed with SHA256withRSA, for clients that cannot do ECDSA. */
    RSA_2048("RSA", "SHA256withRSA", 2048);

    private final String keyType;
    private final String signatureAlgorithm;
    private final int keySize;

    KeyAlgorithm(String keyType, String signatureAlgorithm, int keySize) {
        this.keyType = keyType;
        this.signatureAlgorithm = signatureAlgorithm;
        this.keySize = keySize;
    }

    /** The JCA key algorithm name ({@code "EC"} or {@code "RSA"}), as {@link Key#getAlgorithm()} reports it. */
    public String keyType() {
        return keyType;
    }

    /** The JCA signature algorithm a key of this type signs certificates with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Whether {@code key} is of this type and size, so a cached certificate can be reused. */
    public boolean matches(PublicKey key) {
        if (!keyType.equals(key.getAlgorithm())) {
            return false;
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() == keySize;
        }
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() == keySize;
        }
        return false;
    }

    /** The algorithm of an existing key, for signing with a key whose origin is a file. */
    static KeyAlgorithm of(Key key) {
        for (KeyAlgorithm candidate : values()) {
            if (candidate.keyType.equals(key.getAlgorithm())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unsupported key algorithm: " + key.getAlgorithm());
    }

    KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            if (this == EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(keySize);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
        }
    }
}
