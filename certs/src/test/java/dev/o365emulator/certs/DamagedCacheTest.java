package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.certs.CertificateCacheException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A damaged file a client may trust stops the load with one line naming it, and nothing is
 * overwritten; a damaged export copy is written again and said so; a sound directory is only read.
 */
class DamagedCacheTest {

    @TempDir
    Path dataDir;

    private CertificateBundle first;
    private Path certs;

    @BeforeEach
    void createOnce() {
        first = CertificateBundle.loadOrCreate(dataDir);
        certs = first.directory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca.pem", "ca-key.pem", "server.pem", "server-key.pem"})
    void textGarbageInAPrimaryFileStopsTheLoadAndChangesNothing(String name) throws Exception {
        Files.writeString(certs.resolve(name), "this is not what it was\n");
        assertDamagedAndUntouched(name, "no PEM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca.pem", "ca-key.pem", "server.pem", "server-key.pem"})
    void binaryGarbageInAPrimaryFileStopsTheLoadAndChangesNothing(String name) throws Exception {
        byte[] garbage = new byte[700];
        new Random(18).nextBytes(garbage);
        Files.write(certs.resolve(name), garbage);
        assertDamagedAndUntouched(name, "not a text file");
    }

    @Test
    void aTruncatedCaCertificateStopsTheLoad() throws Exception {
        String pem = Files.readString(first.caPem(), StandardCharsets.US_ASCII);
        Files.writeString(first.caPem(), pem.substring(0, 64) + "\n-----END CERTIFICATE-----\n");
        assertDamagedAndUntouched("ca.pem", "ca.pem is damaged: ");
    }

    @Test
    void aCaKeyOfAnotherCaStopsTheLoad() throws Exception {
        Path other = Files.createTempDirectory(dataDir, "other");
        CertificateBundle foreign = CertificateBundle.loadOrCreate(other);
        Files.copy(foreign.directory().resolve("ca-key.pem"), certs.resolve("ca-key.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertDamagedAndUntouched("ca-key.pem", "ca-key.pem is damaged: not the key of ca.pem's CA");
    }

    @Test
    void aCaCertificateWithoutItsKeyStopsTheLoad() throws Exception {
        Files.delete(certs.resolve("ca-key.pem"));
        assertDamagedAndUntouched("ca-key.pem", "ca-key.pem is damaged: missing while ca.pem is there");
    }

    @Test
    void aServerCertificateOfAnotherCaIsReissuedUnderThisOneQuietly() throws Exception {
        // What a crash between writing a new CA and its server certificate leaves: clients trust the CA.
        CertificateBundle foreign = CertificateBundle.loadOrCreate(Files.createTempDirectory(dataDir, "other"));
        for (String name : List.of("server.pem", "server-key.pem")) {
            Files.copy(foreign.directory().resolve(name), certs.resolve(name),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.serverCertificate().getIssuerX500Principal())
                .isEqualTo(first.caCertificate().getSubjectX500Principal());
        assertThat(second.notices()).isEmpty();
    }

    @Test
    void aDamagedExportIsWrittenAgainFromTheCaAndServerFilesAndSaidSo() throws Exception {
        Files.writeString(first.chainPem(), "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n");
        Files.write(first.truststore(), "not a keystore".getBytes(StandardCharsets.US_ASCII));
        Files.write(first.keystore(), new byte[] {0x30, (byte) 0x82, 0x01});

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);

        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.serverCertificate()).isEqualTo(first.serverCertificate());
        assertThat(second.notices()).hasSize(3).allSatisfy(notice -> assertThat(notice)
                .contains("was not usable (it was damaged: ").endsWith("written again from the CA and server files"));
        assertThat(second.notices().get(0)).startsWith(first.chainPem().toString());
        assertThat(ExportFormatsTest.certificates(first.chainPem()))
                .containsExactly(first.serverCertificate(), first.caCertificate());
        assertThat(load(first.truststore()).getCertificate(CertificateBundle.CA_ALIAS)).isEqualTo(first.caCertificate());
        assertThat(load(first.keystore()).getCertificateChain(CertificateBundle.KEY_ALIAS)).hasSize(2);
        assertThat(CertificateBundle.loadOrCreate(dataDir).notices()).as("sound again").isEmpty();
    }

    @Test
    void aTruststoreOfAnotherCaIsWrittenAgainAndSaidSo() throws Exception {
        CertificateBundle foreign = CertificateBundle.loadOrCreate(Files.createTempDirectory(dataDir, "other"));
        Files.copy(foreign.truststore(), first.truststore(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);

        assertThat(second.notices()).singleElement().asString()
                .isEqualTo(first.truststore() + " was not usable (it did not match ca.pem); written again from the CA"
                        + " and server files");
        assertThat(load(first.truststore()).getCertificate(CertificateBundle.CA_ALIAS)).isEqualTo(first.caCertificate());
    }

    @Test
    void aSoundDirectoryIsOnlyReadNothingInItChanges() throws Exception {
        Map<String, FileTime> before = modificationTimes();
        FileTime old = FileTime.fromMillis(before.get("ca.pem").toMillis() - 60_000);
        Files.setLastModifiedTime(certs, old);

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);

        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(modificationTimes()).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(certs)).as("no file created or renamed in it").isEqualTo(old);
    }

    @Test
    void regenerateReplacesDamagedFilesWithANewCa() throws Exception {
        Files.writeString(first.caPem(), "garbage");
        CertificateBundle fresh = CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withRegenerate(true));
        assertThat(fresh.caCertificate()).isNotEqualTo(first.caCertificate());
        assertThat(ExportFormatsTest.certificates(fresh.caPem())).containsExactly(fresh.caCertificate());
        assertThat(CertificateBundle.loadOrCreate(dataDir).caCertificate()).isEqualTo(fresh.caCertificate());
    }

    @Test
    void aCacheWithoutChecksumsIsCheckedInFullAndGetsThem() throws Exception {
        Files.delete(certs.resolve(Checksums.FILE));
        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);
        assertThat(second.serverCertificate()).isEqualTo(first.serverCertificate());
        assertThat(second.notices()).isEmpty();
        assertThat(certs.resolve(Checksums.FILE)).content().isEqualTo(Checksums.render(certs));
    }

    @Test
    void theSumsVouchOnlyForTheExactBytesTheyListUnderTheirName() throws Exception {
        byte[] ca = Files.readAllBytes(first.caPem());
        assertThat(Checksums.lists(certs, "ca.pem", ca)).isTrue();
        byte[] changed = ca.clone();
        changed[changed.length / 2] ^= 1;
        assertThat(Checksums.lists(certs, "ca.pem", changed)).isFalse();
        assertThat(Checksums.lists(certs, "ca.pem", Files.readAllBytes(first.serverPem()))).isFalse();
        assertThat(Checksums.lists(certs, "server.pem", ca)).isFalse();
        assertThat(Checksums.lists(certs, "ca.pem", null)).isFalse();
        Files.delete(certs.resolve(Checksums.FILE));
        assertThat(Checksums.lists(certs, "ca.pem", ca)).isFalse();
    }

    @Test
    void aServerKeySwappedBehindSumsThatStillMatchTheOtherFilesIsCheckedAndReissued() throws Exception {
        // Only server-key.pem differs from its sum: the pair check runs for it, and finds the mismatch.
        CertificateBundle foreign = CertificateBundle.loadOrCreate(Files.createTempDirectory(dataDir, "other"));
        Files.copy(foreign.serverKeyPem(), first.serverKeyPem(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);

        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.serverCertificate()).isNotEqualTo(first.serverCertificate());
        assertThat(CertificateIssuer.isPair(second.serverPrivateKey(), second.serverCertificate().getPublicKey()))
                .isTrue();
        assertThat(Checksums.current(certs)).isTrue();
    }

    @Test
    void aSoundCacheWhoseSumsMatchLoadsTheSameCertificatesAndKeys() {
        assertThat(Checksums.current(certs)).isTrue();
        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.serverChain()).isEqualTo(first.serverChain());
        assertThat(second.serverPrivateKey()).isEqualTo(first.serverPrivateKey());
        assertThat(second.notices()).isEmpty();
    }

    @Test
    void aCacheWithoutItsCheckRecordIsCheckedInFullEvenWhenTheSumsVouchForItsFiles() throws Exception {
        Files.delete(certs.resolve(CheckRecord.FILE));
        vouchForUnparsableServerCertificate();
        assertThatThrownBy(() -> CertificateBundle.loadOrCreate(dataDir))
                .isInstanceOf(CertificateCacheException.class)
                .hasMessageStartingWith(first.serverPem() + " is damaged: ");
    }

    @Test
    void aCheckRecordDescribingOtherBytesThanTheFilesIsNotUsed() throws Exception {
        // The sums match every file (the record included), but the record describes the server.pem before.
        vouchForUnparsableServerCertificate();
        assertThatThrownBy(() -> CertificateBundle.loadOrCreate(dataDir))
                .isInstanceOf(CertificateCacheException.class)
                .hasMessageStartingWith(first.serverPem() + " is damaged: ");
    }

    @Test
    void aCheckRecordThatMatchesTheFilesAndTheSumsSparesTheParseUntilTheCertificateIsAskedFor() throws Exception {
        // What the record and the sums vouch for is not parsed at the start (that is the point of
        // them), so only a change made behind both shows, and only when the certificate is used.
        vouchForUnparsableServerCertificate();
        String record = Files.readString(certs.resolve(CheckRecord.FILE), StandardCharsets.US_ASCII);
        String oldSum = Checksums.sha256(Files.readAllBytes(certs.resolve("ca.pem")));
        assertThat(record).startsWith(oldSum);
        String serverLine = record.lines().filter(line -> line.contains(" server.pem ")).findFirst().orElseThrow();
        String newSum = Checksums.sha256(Files.readAllBytes(first.serverPem()));
        Files.writeString(certs.resolve(CheckRecord.FILE), record.replace(serverLine,
                newSum + serverLine.substring(serverLine.indexOf(' '))), StandardCharsets.US_ASCII);
        Files.writeString(certs.resolve(Checksums.FILE), Checksums.render(certs), StandardCharsets.US_ASCII);

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);

        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThatThrownBy(second::serverCertificate).isInstanceOf(CertificateCacheException.class)
                .hasMessageStartingWith(first.serverPem() + " is damaged: ");
    }

    @Test
    void aCheckRecordEditedByHandIsNotUsed() throws Exception {
        // Ten days before the server certificate's end it is reissued; a record claiming a year more is ignored.
        Instant end = first.serverCertificate().getNotAfter().toInstant();
        Path record = certs.resolve(CheckRecord.FILE);
        String text = Files.readString(record, StandardCharsets.US_ASCII);
        String endMillis = " " + end.toEpochMilli() + " ";
        assertThat(text).contains(endMillis);
        Files.writeString(record, text.replace(endMillis, " " + end.plus(Duration.ofDays(365)).toEpochMilli() + " "),
                StandardCharsets.US_ASCII);

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir, CertificateOptions.defaults()
                .withClock(Clock.fixed(end.minus(Duration.ofDays(10)), ZoneOffset.UTC)));

        assertThat(second.serverCertificate().getNotAfter().toInstant()).isAfter(end);
        assertThat(Checksums.current(certs)).isTrue();
    }

    @Test
    void aCacheWrittenBeforeTheCheckRecordGetsOneAndIsThenReadByIt() throws Exception {
        Files.delete(certs.resolve(CheckRecord.FILE));
        Files.writeString(certs.resolve(Checksums.FILE), Checksums.render(certs), StandardCharsets.US_ASCII);
        assertThat(Checksums.current(certs)).as("sums without a record are current").isTrue();

        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);

        assertThat(second.notices()).isEmpty();
        assertThat(second.serverCertificate()).isEqualTo(first.serverCertificate());
        assertThat(certs.resolve(CheckRecord.FILE)).exists();
        assertThat(Checksums.current(certs)).isTrue();
        Map<String, CheckRecord.Entry> entries = CheckRecord.parse(Files.readAllBytes(certs.resolve(CheckRecord.FILE)));
        assertThat(entries.get("server.pem").describes(Checksums.sha256(Files.readAllBytes(first.serverPem()))))
                .isTrue();
        assertThat(entries.get("server.pem").hasNames(ServerNames.DEFAULT_NAMES)).isTrue();
        assertThat(entries.get("ca.pem").ca()).isTrue();
        assertThat(entries.get("server.pem").ca()).isFalse();
    }

    @Test
    void aReadOnlyCacheWrittenBeforeTheCheckRecordIsUsedAsItIs() throws Exception {
        Files.delete(certs.resolve(CheckRecord.FILE));
        Files.writeString(certs.resolve(Checksums.FILE), Checksums.render(certs), StandardCharsets.US_ASCII);
        try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.of(certs)) {
            CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);
            assertThat(second.serverCertificate()).isEqualTo(first.serverCertificate());
            assertThat(second.notices()).isEmpty();
        }
        assertThat(certs.resolve(CheckRecord.FILE)).doesNotExist();
    }

    @Test
    void aNameTheRecordDoesNotListIsCheckedOnTheCertificateAndAddedByAReissue() throws Exception {
        CertificateBundle second = CertificateBundle.loadOrCreate(dataDir,
                CertificateOptions.defaults().withExtraNames("mail.example.test", "192.0.2.7"));
        assertThat(second.serverCertificate()).isNotEqualTo(first.serverCertificate());
        CheckRecord.Entry server = CheckRecord.parse(Files.readAllBytes(certs.resolve(CheckRecord.FILE)))
                .get("server.pem");
        assertThat(server.hasNames(List.of("mail.example.test", "192.0.2.7"))).isTrue();
        assertThat(server.hasNames(List.of("other.example.test"))).isFalse();
    }

    /**
     * Makes server.pem a PEM block that is no certificate, and the sums list it: a start that trusted
     * the sums alone would never look inside.
     */
    private void vouchForUnparsableServerCertificate() throws IOException {
        byte[] der = new byte[300];
        new Random(7).nextBytes(der);
        Files.writeString(first.serverPem(), "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        Files.writeString(certs.resolve(Checksums.FILE), Checksums.render(certs), StandardCharsets.US_ASCII);
        assertThat(Checksums.current(certs)).isTrue();
    }

    @Test
    void aSoundReadOnlyDirectoryIsUsed() throws Exception {
        try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.of(certs)) {
            CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);
            assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
            assertThat(second.serverCertificate()).isEqualTo(first.serverCertificate());
            assertThat(second.notices()).isEmpty();
        }
    }

    @Test
    void aDamagedExportInAReadOnlyDirectoryIsSaidButDoesNotStopTheLoad() throws Exception {
        Files.write(first.truststore(), "not a keystore".getBytes(StandardCharsets.US_ASCII));
        try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.of(certs)) {
            CertificateBundle second = CertificateBundle.loadOrCreate(dataDir);
            assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
            assertThat(second.notices()).singleElement().asString()
                    .startsWith(first.truststore() + " is not usable (it was damaged: ")
                    .contains("and cannot be written again: ");
        }
    }

    @Test
    void aReadOnlyDirectoryWithoutCertificatesIsOneClearLine() throws Exception {
        Path empty = Files.createDirectories(dataDir.resolve("empty").resolve("certs"));
        try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.of(empty)) {
            assertThatThrownBy(() -> CertificateBundle.loadOrCreate(empty.getParent()))
                    .isInstanceOfSatisfying(CertificateCacheException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.UNUSABLE))
                    .hasMessageMatching("cannot write " + java.util.regex.Pattern.quote(empty.toString())
                            + " \\(.+\\), and the CA must be created");
        }
    }

    @Test
    void aDamagedFileInAReadOnlyDirectoryStillNamesTheFile() throws Exception {
        Files.writeString(first.serverPem(), "garbage\n");
        try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.of(certs)) {
            assertThatThrownBy(() -> CertificateBundle.loadOrCreate(dataDir))
                    .isInstanceOf(CertificateCacheException.class)
                    .hasMessageStartingWith(first.serverPem() + " is damaged: ");
        }
    }

    private void assertDamagedAndUntouched(String name, String messagePart) throws IOException {
        Map<String, byte[]> before = contents();
        Path file = certs.resolve(name);
        assertThatThrownBy(() -> CertificateBundle.loadOrCreate(dataDir))
                .isInstanceOfSatisfying(CertificateCacheException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.DAMAGED);
                    assertThat(e.file()).isEqualTo(file);
                })
                .hasMessageStartingWith(file + " is damaged: ").hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Map<String, byte[]> after = contents();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((file2, bytes) -> assertThat(after.get(file2)).as(file2 + " unchanged").isEqualTo(bytes));
    }

    private Map<String, byte[]> contents() throws IOException {
        Map<String, byte[]> result = new HashMap<>();
        try (Stream<Path> files = Files.list(certs)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                result.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return result;
    }

    private Map<String, FileTime> modificationTimes() throws IOException {
        Map<String, FileTime> result = new HashMap<>();
        try (Stream<Path> files = Files.list(certs)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                result.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
            }
        }
        return result;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, CertificateBundle.STORE_PASSWORD.toCharArray());
        }
        return store;
    }
}
