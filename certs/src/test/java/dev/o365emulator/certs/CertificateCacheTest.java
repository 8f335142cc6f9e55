package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateCacheTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void secondLoadReusesTheCaAndServerCertificateByteForByte() throws Exception {
        CertificateBundle first = CertificateBundle.loadOrCreate(dataDir);
        byte[] caFile = Files.readAllBytes(first.caPem());
        byte[] keystoreFile = Files.readAllBytes(first.keystore());

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);

        assertThat(second.caCertificate().getEncoded()).isEqualTo(first.caCertificate().getEncoded());
        assertThat(second.serverCertificate().getEncoded()).isEqualTo(first.serverCertificate().getEncoded());
        assertThat(second.serverPrivateKey().getEncoded()).isEqualTo(first.serverPrivateKey().getEncoded());
        assertThat(Files.readAllBytes(second.caPem())).isEqualTo(caFile);
        assertThat(Files.readAllBytes(second.keystore())).as("stores are not rewritten").isEqualTo(keystoreFile);
    }

    @Test
    void newExtraNameReissuesTheServerCertificateUnderTheSameCa() throws Exception {
        CertificateBundle first = CertificateBundle.loadOrCreate(dataDir);
        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withExtraNames("mail.example.test"));

        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.serverCertificate()).isNotEqualTo(first.serverCertificate());
        assertThat(ServerCertificateTest.subjectAltNames(second.serverCertificate()))
                .contains(List.of(2, "mail.example.test"));
        assertThat(ExportFormatsTest.certificates(second.serverPem())).containsExactly(second.serverCertificate());
    }

    @Test
    void namesAlreadyCoveredDoNotCauseAReissue() {
        CertificateBundle withExtras = CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withExtraNames("a.example.test", "192.0.2.1"));
        CertificateBundle fewer = CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withExtraNames("192.0.2.1"));
        CertificateBundle other = CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withExtraNames("b.example.test"));
        CertificateBundle first = CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withExtraNames("a.example.test"));

        assertThat(fewer.serverCertificate()).isEqualTo(withExtras.serverCertificate());
        assertThat(other.serverCertificate()).isNotEqualTo(withExtras.serverCertificate());
        assertThat(first.serverCertificate()).as("earlier names are kept on reissue").isEqualTo(other.serverCertificate());
    }

    @Test
    void anRsaRequestOnAnEcCaIsRefusedAndTheCaKept() throws Exception {
        CertificateBundle ec = CertificateBundle.loadOrCreate(dataDir);
        byte[] caFile = Files.readAllBytes(ec.caPem());

        assertThatThrownBy(() -> CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withKeyAlgorithm(KeyAlgorithm.RSA_2048)))
                .isInstanceOfSatisfying(CertificateCacheException.class, e -> {
                    assertThat(e.problem()).isEqualTo(CertificateCacheException.Problem.MISMATCHED);
                    assertThat(e.file()).isEqualTo(ec.caPem());
                })
                .hasMessage(ec.caPem() + " holds an ECDSA P-256 CA, not the RSA-2048 one asked for");
        assertThat(Files.readAllBytes(ec.caPem())).isEqualTo(caFile);
    }

    @Test
    void regenerateReplacesAnEcCaWithRsaKeysAndSaysSo() {
        CertificateBundle ec = CertificateBundle.loadOrCreate(dataDir);
        CertificateBundle rsa = CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withKeyAlgorithm(KeyAlgorithm.RSA_2048).withRegenerate(true));

        assertThat(rsa.notices()).singleElement().asString().contains("made a new CA and server certificate in "
                + ec.directory()).contains("clients must trust the new ca.pem");

        assertThat(rsa.keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(rsa.caCertificate()).isNotEqualTo(ec.caCertificate());
        assertThat(rsa.caCertificate().getPublicKey()).isInstanceOf(RSAPublicKey.class);
        assertThat(((RSAPublicKey) rsa.serverCertificate().getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(rsa.serverPrivateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(rsa.serverCertificate().getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void serverCertificateIsKeptUntilThirtyDaysBeforeExpiryThenReissuedUnderTheSameCa() {
        CertificateBundle first = load(START);
        Instant notAfter = first.serverCertificate().getNotAfter().toInstant();

        CertificateBundle stillFine = load(notAfter.minus(Duration.ofDays(31)));
        CertificateBundle renewed = load(notAfter.minus(Duration.ofDays(29)));

        assertThat(stillFine.serverCertificate()).isEqualTo(first.serverCertificate());
        assertThat(renewed.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(renewed.serverCertificate()).isNotEqualTo(first.serverCertificate());
        assertThat(renewed.serverCertificate().getNotAfter().toInstant()).isAfter(notAfter.plus(Duration.ofDays(700)));
    }

    @Test
    void expiredCaIsReplacedTogetherWithTheServerCertificateAndSaysSo() {
        CertificateBundle first = load(START);
        CertificateBundle later = load(first.caCertificate().getNotAfter().toInstant().plus(Duration.ofDays(1)));

        assertThat(later.caCertificate()).isNotEqualTo(first.caCertificate());
        assertThat(later.serverCertificate().getIssuerX500Principal())
                .isEqualTo(later.caCertificate().getSubjectX500Principal());
        assertThat(later.notices()).singleElement().asString()
                .startsWith("the CA in " + first.caPem() + " expired on ")
                .endsWith("; made a new one in its place: clients must trust the new ca.pem");
        assertThat(first.notices()).as("a first start is not news").isEmpty();
    }

    @Test
    void missingExportFilesAreWrittenAgainWithoutReissuing() throws Exception {
        CertificateBundle first = CertificateBundle.loadOrCreate(dataDir);
        Files.delete(first.keystore());
        Files.delete(first.chainPem());

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);

        assertThat(second.serverCertificate()).isEqualTo(first.serverCertificate());
        assertThat(second.keystore()).isRegularFile();
        assertThat(ExportFormatsTest.certificates(second.chainPem()))
                .containsExactly(first.serverCertificate(), first.caCertificate());
    }

    @Test
    void concurrentStartsOnOneDirectoryAgreeOnOneCa() throws Exception {
        int starts = 4;
        ExecutorService pool = Executors.newFixedThreadPool(starts);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CertificateBundle>> results = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                results.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return CertificateBundle.loadOrCreate(dataDir);
                }));
            }
            go.countDown();
            CertificateBundle reference = results.get(0).get(30, TimeUnit.SECONDS);
            for (Future<CertificateBundle> result : results) {
                CertificateBundle bundle = result.get(30, TimeUnit.SECONDS);
                assertThat(bundle.caCertificate()).isEqualTo(reference.caCertificate());
                assertThat(bundle.serverCertificate()).isEqualTo(reference.serverCertificate());
            }
            assertThat(ExportFormatsTest.certificates(reference.caPem())).containsExactly(reference.caCertificate());
            try (var files = Files.list(reference.directory())) {
                assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private CertificateBundle load(Instant now) {
        return CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC)));
    }
}
