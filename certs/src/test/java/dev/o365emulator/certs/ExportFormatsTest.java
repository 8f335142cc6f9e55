package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFormatsTest {

    @TempDir
    static Path dataDir;

    private static CertificateBundle bundle;

    @BeforeAll
    static void createBundle() {
        bundle = CertificateBundle.loadOrCreate(dataDir);
    }

    @Test
    void keepsEverythingInTheCertsSubfolder() {
        assertThat(bundle.directory()).isEqualTo(dataDir.resolve("certs").toAbsolutePath());
        assertThat(List.of(bundle.caPem(), bundle.chainPem(), bundle.serverPem(), bundle.serverKeyPem(),
                bundle.truststore(), bundle.keystore(), bundle.directory().resolve("ca-key.pem")))
                .allSatisfy(file -> assertThat(file).isRegularFile().hasParent(bundle.directory()));
    }

    @Test
    void caPemLoadsWithTheJdkCertificateFactory() throws Exception {
        assertThat(certificates(bundle.caPem())).containsExactly(bundle.caCertificate());
    }

    @Test
    void chainPemHoldsTheServerCertificateThenTheCa() throws Exception {
        assertThat(certificates(bundle.chainPem())).containsExactly(bundle.serverCertificate(), bundle.caCertificate());
    }

    @Test
    void serverPemHoldsOnlyTheServerCertificate() throws Exception {
        assertThat(certificates(bundle.serverPem())).containsExactly(bundle.serverCertificate());
    }

    @Test
    void keyPemsArePkcs8ThatTheJdkKeyFactoryReads() throws Exception {
        assertThat(Files.readString(bundle.serverKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(pkcs8(bundle.serverKeyPem()).getEncoded()).isEqualTo(bundle.serverPrivateKey().getEncoded());
        PrivateKey caKey = pkcs8(bundle.directory().resolve("ca-key.pem"));
        assertThat(CertificateIssuer.isPair(caKey, bundle.caCertificate().getPublicKey())).isTrue();
    }

    @Test
    void truststoreHoldsTheCaAsATrustedEntry() throws Exception {
        KeyStore store = pkcs12(bundle.truststore());
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.isCertificateEntry("o365-emulator-ca")).isTrue();
        assertThat(store.getCertificate("o365-emulator-ca")).isEqualTo(bundle.caCertificate());
    }

    @Test
    void keystoreHoldsTheServerKeyWithItsChain() throws Exception {
        KeyStore store = pkcs12(bundle.keystore());
        assertThat(store.isKeyEntry("o365-emulator")).isTrue();
        assertThat(store.getKey("o365-emulator", "changeit".toCharArray()).getEncoded())
                .isEqualTo(bundle.serverPrivateKey().getEncoded());
        assertThat(store.getCertificateChain("o365-emulator"))
                .containsExactly(bundle.serverChain().toArray(Certificate[]::new));
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(bundle.directory().getFileSystem().supportedFileAttributeViews().contains("posix"),
                "permissions are only set where the file system is POSIX");
        for (Path secret : List.of(bundle.serverKeyPem(), bundle.keystore(), bundle.directory().resolve("ca-key.pem"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as(secret.toString()).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle.caPem()))).isEqualTo("rw-r--r--");
    }

    @Test
    void inMemoryStoresMatchTheFiles() throws Exception {
        assertThat(bundle.storePassword()).containsExactly("changeit".toCharArray());
        assertThat(bundle.trustStore().getCertificate("o365-emulator-ca")).isEqualTo(bundle.caCertificate());
        assertThat(bundle.keyStore().getCertificateChain("o365-emulator"))
                .containsExactly(bundle.serverChain().toArray(Certificate[]::new));
        assertThat(bundle.keyManagerFactory().getKeyManagers()).isNotEmpty();
        assertThat(bundle.trustManagerFactory().getTrustManagers()).isNotEmpty();
        assertThat(bundle.clientSslContext().getProtocol()).isEqualTo("TLS");
    }

    static List<Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private PrivateKey pkcs8(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        return KeyFactory.getInstance(bundle.keyAlgorithm().keyType()).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static KeyStore pkcs12(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }
}
