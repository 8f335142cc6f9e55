package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedBundleTest {

    @Test
    void returnsTheSameInstanceWithoutGeneratingKeysAgain() throws Exception {
        CertificateBundle first = CertificateBundle.shared();
        FileTime written = Files.getLastModifiedTime(first.caPem());
        CertificateBundle second = CertificateBundle.shared();
        // The same keys and certificates, not new ones of the same kind, and nothing exported again.
        assertThat(second).isSameAs(first);
        assertThat(second.caCertificate()).isSameAs(first.caCertificate());
        assertThat(second.serverPrivateKey()).isSameAs(first.serverPrivateKey());
        assertThat(Files.getLastModifiedTime(second.caPem())).isEqualTo(written);
    }

    @Test
    void exportFilesExistInAPrivateTemporaryDirectory() {
        CertificateBundle shared = CertificateBundle.shared();
        assertThat(List.of(shared.caPem(), shared.chainPem(), shared.serverPem(), shared.serverKeyPem(),
                shared.truststore(), shared.keystore())).allSatisfy(file -> assertThat(file).isRegularFile());
        assertThat(shared.directory()).startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    }

    @Test
    void keepsOneBundlePerKeyAlgorithm() {
        CertificateBundle rsa = CertificateBundle.shared(KeyAlgorithm.RSA_2048);
        assertThat(rsa).isSameAs(CertificateBundle.shared(KeyAlgorithm.RSA_2048)).isNotSameAs(CertificateBundle.shared());
        assertThat(rsa.keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(rsa.caCertificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(CertificateBundle.shared().serverPrivateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(CertificateBundle.shared(KeyAlgorithm.EC_P256)).isSameAs(CertificateBundle.shared());
    }

    @Test
    void defaultDataDirectoryIsInTheUsersHome() {
        assertThat(CertificateBundle.defaultDataDirectory())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".o365-emulator"));
    }
}
