package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.certs.CertificateCacheException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start's check of the cached signing key, and the stamp that spares a later start the RSA parse. */
class SigningKeyCheckTest {

    @TempDir
    Path dir;

    @Test
    void aSuccessfulCheckStampsTheBytesItChecked() throws Exception {
        SigningKey.forDirectory(dir);
        SigningKey.check(dir);
        assertThat(dir.resolve(SigningKey.CHECKED_FILE)).content(StandardCharsets.US_ASCII)
                .isEqualTo(sha256(Files.readAllBytes(dir.resolve(SigningKey.FILE_NAME))));
    }

    @Test
    void aKeyDamagedAfterItsStampIsStillFound() throws Exception {
        SigningKey.forDirectory(dir);
        SigningKey.check(dir);
        Path key = dir.resolve(SigningKey.FILE_NAME);
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        Files.writeString(key, pem.substring(0, pem.length() / 2) + "\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SigningKey.check(dir)).isInstanceOfSatisfying(CertificateCacheException.class,
                e -> assertThat(e.problem()).isEqualTo(CertificateCacheException.Problem.DAMAGED))
                .hasMessageStartingWith(key + " is damaged: ");
    }

    @Test
    void aStampOfOtherBytesSparesNothing() throws Exception {
        Path key = dir.resolve(SigningKey.FILE_NAME);
        Files.writeString(key, "garbage");
        Files.writeString(dir.resolve(SigningKey.CHECKED_FILE), sha256("other".getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> SigningKey.check(dir)).isInstanceOf(CertificateCacheException.class)
                .hasMessageStartingWith(key + " is damaged: ");
    }

    @Test
    void aStartMakesTheKeyWhenThereIsNoneAndChecksItAfterwards() throws Exception {
        SigningKey.checkOrCreate(dir);
        Path key = dir.resolve(SigningKey.FILE_NAME);
        assertThat(key).isNotEmptyFile();
        byte[] made = Files.readAllBytes(key);
        SigningKey.checkOrCreate(dir);
        assertThat(key).hasBinaryContent(made);

        Files.writeString(key, "garbage");
        assertThatThrownBy(() -> SigningKey.checkOrCreate(dir)).isInstanceOf(CertificateCacheException.class)
                .hasMessageStartingWith(key + " is damaged: ");
        assertThat(key).content().isEqualTo("garbage");
    }

    @Test
    void discardingTheKeyForgetsItsStamp() {
        SigningKey.forDirectory(dir);
        SigningKey.check(dir);
        SigningKey.discard(dir);
        assertThat(dir.resolve(SigningKey.CHECKED_FILE)).doesNotExist();
        assertThat(dir.resolve(SigningKey.FILE_NAME)).doesNotExist();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
