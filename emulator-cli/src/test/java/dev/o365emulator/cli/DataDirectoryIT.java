package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.oauth.SigningKey;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import dev.o365emulator.server.testing.ReadOnlyDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI with a damaged, mismatched or read-only data directory: a damaged file stops the start with
 * one line naming it and the remedy, no stack trace and nothing overwritten; a damaged export is
 * written again and said so; sound certificates in a read-only directory are used.
 */
class DataDirectoryIT {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path certs() {
        return dataDir.resolve("certs");
    }

    /** Runs the CLI expecting it not to start; fails (after stopping it) if it does. */
    private int run(String... extra) {
        EmulatorCommand command = new EmulatorCommand();
        String[] args = new String[extra.length + 4];
        System.arraycopy(new String[] {"--ports", "ephemeral", "--data-dir", dataDir.toString()}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(command)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args));
        Await.until("the start to end", Duration.ofSeconds(30),
                () -> exit.isDone() || out.toString().contains("Stop with Ctrl-C."));
        if (!exit.isDone()) {
            command.stop();
            exit.join();
            throw new AssertionError("the emulator started: " + out + err);
        }
        return exit.join();
    }

    /** Starts the CLI, waits for its table, checks that IMAPS serves, then stops it. */
    private void startServeAndStop(String... extra) throws Exception {
        EmulatorCommand command = new EmulatorCommand();
        String[] args = new String[extra.length + 4];
        System.arraycopy(new String[] {"--ports", "ephemeral", "--data-dir", dataDir.toString()}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(command)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args));
        Await.until("the endpoint table", Duration.ofSeconds(30),
                () -> out.toString().contains("Stop with Ctrl-C.") || exit.isDone());
        assertThat(exit).as(err.toString()).isNotDone();
        Emulator emulator = command.running();
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.trust().sslContext(), "outlook.office365.com")) {
            assertThat(client.readLine()).startsWith("* OK The Microsoft Exchange IMAP4 service is ready.");
        }
        command.stop();
        assertThat(exit.join()).isZero();
    }

    /** The first start: creates the certificates and the signing key. */
    private CertificateBundle firstStart() throws Exception {
        startServeAndStop();
        assertThat(certs().resolve(SigningKey.FILE_NAME)).exists();
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return CertificateBundle.loadOrCreate(dataDir);
    }

    private void assertOneLineAndNoStackTrace(String expectedStart, String expectedEnd) {
        assertThat(err.toString()).hasLineCount(1).startsWith("o365-emulator: " + expectedStart)
                .endsWith(expectedEnd + System.lineSeparator())
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).as("nothing of the table printed").isEmpty();
    }

    @Test
    void binaryGarbageInTheSigningKeyStopsTheStartBeforeTheTable() throws Exception {
        firstStart();
        Path key = certs().resolve(SigningKey.FILE_NAME);
        byte[] garbage = new byte[1_000];
        new Random(8).nextBytes(garbage);
        Files.write(key, garbage);

        assertThat(run()).isEqualTo(1);

        assertOneLineAndNoStackTrace(key + " is damaged: not a text file. Delete it to make a new signing key",
                "or start with --regenerate-certs.");
        assertThat(Files.readAllBytes(key)).as("not replaced").isEqualTo(garbage);
    }

    @Test
    void textGarbageInTheSigningKeyIsNotReplacedSilently() throws Exception {
        firstStart();
        Path key = certs().resolve(SigningKey.FILE_NAME);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n");

        assertThat(run()).isEqualTo(1);

        assertOneLineAndNoStackTrace(key + " is damaged: not an RSA private key.", "--regenerate-certs.");
        assertThat(key).content().contains("AAAAAAAA");
    }

    @Test
    void aDamagedCaStopsTheStartAndKeepsTheFileThatClientsTrust() throws Exception {
        CertificateBundle first = firstStart();
        Files.writeString(first.caPem(), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThat(run()).isEqualTo(1);

        assertOneLineAndNoStackTrace(first.caPem() + " is damaged: ", ". Restore it, or start with --regenerate-certs"
                + " to make a new CA and certificates (clients must then trust the new ca.pem).");
        assertThat(first.caPem()).content().contains("AAAA");
    }

    @Test
    void aDamagedServerCertificateStopsTheStartToo() throws Exception {
        CertificateBundle first = firstStart();
        Files.writeString(first.serverPem(), "garbage\n");

        assertThat(run()).isEqualTo(1);

        assertOneLineAndNoStackTrace(first.serverPem() + " is damaged: no PEM certificate in it. Restore it",
                "(clients must then trust the new ca.pem).");
    }

    @Test
    void anRsaRequestOnAnEcDirectoryIsRefusedWithTheRemedy() throws Exception {
        CertificateBundle first = firstStart();

        assertThat(run("--key", "rsa")).isEqualTo(1);

        assertOneLineAndNoStackTrace(first.caPem() + " holds an ECDSA P-256 CA, not the RSA-2048 one asked for."
                + " Use another --data-dir", "(clients must then trust the new ca.pem).");
    }

    @Test
    void regenerateCertsReplacesTheDamagedFilesAndSaysSo() throws Exception {
        CertificateBundle first = firstStart();
        Files.writeString(first.caPem(), "garbage");
        Files.writeString(certs().resolve(SigningKey.FILE_NAME), "garbage");

        startServeAndStop("--regenerate-certs");

        assertThat(err.toString()).hasLineCount(1).contains("o365-emulator: made a new CA and server certificate in "
                + certs() + " (as asked): clients must trust the new ca.pem.");
        CertificateBundle now = CertificateBundle.loadOrCreate(dataDir);
        assertThat(now.caCertificate()).isNotEqualTo(first.caCertificate());
        SigningKey.check(certs());
    }

    @Test
    void aDamagedKeystoreIsWrittenAgainAndSaidInOneLine() throws Exception {
        CertificateBundle first = firstStart();
        Files.write(first.keystore(), "garbage".getBytes(StandardCharsets.US_ASCII));

        startServeAndStop();

        assertThat(err.toString()).hasLineCount(1).startsWith("o365-emulator: " + first.keystore()
                + " was not usable (it was damaged: ").endsWith("written again from the CA and server files."
                + System.lineSeparator());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(first.keystore())) {
            store.load(in, CertificateBundle.STORE_PASSWORD.toCharArray());
        }
        assertThat(store.getCertificateChain(CertificateBundle.KEY_ALIAS)[0]).isEqualTo(first.serverCertificate());
    }

    @Test
    void soundCertificatesInAReadOnlyDirectoryAreUsed() throws Exception {
        CertificateBundle first = firstStart();
        try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.of(certs())) {
            startServeAndStop();
        }
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("Trust this CA: " + first.caPem());
    }

    @Test
    void aReadOnlyDirectoryWithoutASigningKeyServesWithAKeyInMemory() throws Exception {
        firstStart();
        SigningKey.discard(certs());
        try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.of(certs())) {
            startServeAndStop();
        }
        assertThat(out.toString()).contains("OAuth authority: https://127.0.0.1:");
        assertThat(certs().resolve(SigningKey.FILE_NAME)).doesNotExist();
    }

    @Test
    void aReadOnlyDirectoryWithoutCertificatesIsOneClearLine() throws Exception {
        Files.createDirectories(certs());
        try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.of(certs())) {
            assertThat(run()).isEqualTo(1);
        }
        assertOneLineAndNoStackTrace("cannot write " + certs() + " (",
                "), and the CA must be created. Fix its permissions or mount, or use another --data-dir.");
    }
}
