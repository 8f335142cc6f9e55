package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.TlsProvider;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EmulatorCommandIT {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(EmulatorCommand command) {
        return new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }

    @Test
    void printsEveryEndpointAndTheCaToTrustThenStopsCleanly() {
        EmulatorCommand command = new EmulatorCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine(command)
                .execute("--ports", "ephemeral", "--data-dir", dataDir.toString()));
        Await.until("the endpoint table", Duration.ofSeconds(20), () -> out.toString().contains("Stop with Ctrl-C."));

        String table = out.toString();
        Emulator emulator = command.running();
        assertThat(emulator.endpoints()).hasSize(7).doesNotContain(Endpoint.HVE);
        assertThat(table).doesNotContainPattern("(?m)^hve ");
        for (Endpoint endpoint : emulator.endpoints()) {
            assertThat(table).containsPattern("(?m)^" + endpoint.id() + " +127\\.0\\.0\\.1:" + emulator.port(endpoint) + " ");
        }
        assertThat(table).contains("imaps        127.0.0.1:" + emulator.port(Endpoint.IMAPS) + " ").contains("implicit TLS")
                .contains("STLS").contains("STARTTLS");
        Path ca = dataDir.resolve("certs").resolve("ca.pem");
        assertThat(table).contains("Trust this CA: " + ca.toAbsolutePath());
        assertThat(table).contains("Connections: at most ");
        if (!emulator.ipv6LoopbackAddresses().isEmpty()) {
            assertThat(table).contains("Also on [::1] at the same ports (localhost may resolve there first).");
        }
        assertThat(ca).exists();
        int console = emulator.consoleAddress().orElseThrow().getPort();
        assertThat(table).containsPattern("(?m)^console +127\\.0\\.0\\.1:" + console + " +HTTP$")
                .contains("Console and HTTP API: http://127.0.0.1:" + console + "/").doesNotContain("Console token");
        assertThat(get(console, null)).isEqualTo(200);

        command.stop();
        assertThat(exit.join()).isZero();
        assertThat(emulator.isRunning()).isFalse();
    }

    @Test
    void noConsoleLeavesTheConsoleOff() {
        EmulatorCommand command = new EmulatorCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine(command)
                .execute("--ports", "ephemeral", "--data-dir", dataDir.toString(), "--no-console"));
        Await.until("the endpoint table", Duration.ofSeconds(20), () -> out.toString().contains("Stop with Ctrl-C."));
        assertThat(command.running().consoleAddress()).isEmpty();
        assertThat(out.toString()).doesNotContain("console").doesNotContain("Console");
        command.stop();
        assertThat(exit.join()).isZero();
    }

    @Test
    void offLoopbackTheConsoleTokenIsPrintedOnceAndRequired() {
        String token = "cli-console-token-0123456789";
        EmulatorCommand command = new EmulatorCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine(command)
                .execute("--ports", "ephemeral", "--bind", "0.0.0.0", "--data-dir", dataDir.toString(),
                        "--console-token", token));
        Await.until("the endpoint table", Duration.ofSeconds(20), () -> out.toString().contains("Stop with Ctrl-C."));
        int console = command.running().consoleAddress().orElseThrow().getPort();
        assertThat(out.toString()).contains("Console and HTTP API: http://127.0.0.1:" + console + "/")
                .contains("Console token: " + token + " ");
        assertThat(out.toString().split(token, -1)).hasSize(2);
        assertThat(get(console, null)).isEqualTo(401);
        assertThat(get(console, token)).isEqualTo(200);
        command.stop();
        assertThat(exit.join()).isZero();
    }

    @Test
    void anUnfitConsoleTokenIsRefusedWithoutEchoingIt() {
        int exit = commandLine(new EmulatorCommand()).execute("--ports", "ephemeral", "--data-dir", dataDir.toString(),
                "--console-token", "short-secret");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--console-token: the console token must have 16 to 256 characters")
                .doesNotContain("short-secret");
    }

    /** The status of GET /api/v1/health on the console, with or without the bearer token. */
    private static int get(int port, String token) {
        try {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/health")).timeout(Duration.ofSeconds(10));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return java.net.http.HttpClient.newHttpClient().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void runsTheTlsProviderAskedForAndSaysWhichInTheBanner() {
        for (TlsProvider provider : TlsProvider.values()) {
            if (!provider.isAvailable()) {
                continue;
            }
            EmulatorCommand command = new EmulatorCommand();
            commandLine(command).parseArgs("--ports", "ephemeral", "--data-dir", dataDir.toString(), "--tls-provider",
                    provider.id().toUpperCase(java.util.Locale.ROOT));
            try (Emulator emulator = command.start(new PrintWriter(err, true))) {
                assertThat(emulator.tlsProvider()).isEqualTo(provider);
                StringWriter table = new StringWriter();
                StartBanner.print(new PrintWriter(table, true), emulator);
                assertThat(table.toString()).startsWith("o365-emulator is running (")
                        .contains(", " + provider.id() + " TLS, ");
            }
        }
        assertThatThrownBy(() -> commandLine(new EmulatorCommand()).parseArgs("--tls-provider", "schannel"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("expected openssl or jdk");
    }

    @Test
    void fallsBackToOffsetTenThousandWhenAStandardPortCannotBeBound() throws IOException {
        // Hold one standard port so the emulator cannot have it, whether or not this user may bind below 1024.
        try (ServerSocket held = tryHold(Endpoint.POP3.standardPort())) {
            EmulatorCommand command = new EmulatorCommand();
            commandLine(command).parseArgs("--data-dir", dataDir.toString());
            try (Emulator emulator = command.start(new PrintWriter(err, true))) {
                assertThat(err.toString()).containsPattern(
                        "o365-emulator: cannot bind standard port \\d+ \\(.+\\); using --ports offset=10000 instead\\.")
                        .hasLineCount(1);
                assertThat(emulator.port(Endpoint.SUBMISSION)).isEqualTo(10_587);
                assertThat(emulator.port(Endpoint.POP3S)).isEqualTo(10_995);
                assertThat(emulator.portPlan().describe()).isEqualTo("offset=10000");
            }
        }
    }

    @Test
    void explicitPortPlanIsNeverReplaced() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int offset = taken.getLocalPort() - Endpoint.SMTP.standardPort();
            int exit = commandLine(new EmulatorCommand()).execute("--ports", "offset=" + offset,
                    "--data-dir", dataDir.toString());
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("cannot bind smtp on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("offset=10000");
        }
    }

    @Test
    void issuesAnRsaCertificateWithExtraNamesOnRequest() throws Exception {
        EmulatorCommand command = new EmulatorCommand();
        commandLine(command).parseArgs("--ports", "ephemeral", "--data-dir", dataDir.toString(), "--key", "rsa",
                "--name", "mail.example.test", "--name", "10.1.2.3");
        try (Emulator emulator = command.start(new PrintWriter(err, true))) {
            java.security.cert.X509Certificate server;
            try (var socket = (javax.net.ssl.SSLSocket) emulator.trust().socketFactory()
                    .createSocket("127.0.0.1", emulator.port(Endpoint.IMAPS))) {
                server = (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
            assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(server.getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1))
                    .contains((Object) "mail.example.test", "10.1.2.3", "smtp.office365.com");
            try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                    emulator.trust().sslContext(), "mail.example.test")) {
                assertThat(client.readLine()).startsWith("* OK The Microsoft Exchange IMAP4 service is ready.");
            }
        }
    }

    @Test
    void preloadsEmlFilesIntoTheNamedMailboxFolders() throws Exception {
        Path inbox = java.nio.file.Files.createDirectories(dataDir.resolve("mail/adele@contoso.com/Inbox"));
        byte[] raw = "From: megan@contoso.com\r\nTo: adele@contoso.com\r\nSubject: Hello\r\n\r\nHi Adele\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.file.Files.write(inbox.resolve("0001.eml"), raw);
        EmulatorCommand command = new EmulatorCommand();
        commandLine(command).parseArgs("--ports", "ephemeral", "--data-dir", dataDir.toString(),
                "--mail-dir", dataDir.resolve("mail").toString());
        try (Emulator emulator = command.start(new PrintWriter(err, true))) {
            StartBanner.print(new PrintWriter(out, true), emulator);
            assertThat(out.toString()).contains("Pre-loaded 1 messages into 1 mailboxes.");
            var inboxMessages = emulator.mail().messages("adele@contoso.com", "INBOX");
            assertThat(inboxMessages).hasSize(1);
            assertThat(inboxMessages.get(0).raw()).isEqualTo(raw);
        }
    }

    @Test
    void setsAndPrintsTheMemoryBudgets() {
        EmulatorCommand command = new EmulatorCommand();
        commandLine(command).parseArgs("--ports", "ephemeral", "--data-dir", dataDir.toString(), "--store", "memory",
                "--store-budget", "2GB", "--in-flight-budget", "unlimited");
        try (Emulator emulator = command.start(new PrintWriter(err, true))) {
            assertThat(emulator.mail().usage().storeBudget()).isEqualTo(2L * 1024 * 1024 * 1024);
            assertThat(emulator.mail().usage().inFlightBudget()).isEqualTo(Long.MAX_VALUE);
            StartBanner.print(new PrintWriter(out, true), emulator);
            assertThat(out.toString()).contains("Mail is kept in memory: up to 2.0 GB stored, unlimited being received");
        }
        assertThat(commandLine(new EmulatorCommand()).execute("--store-budget", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("expected a size such as 512MB or 2GB, or unlimited, not: lots");
    }

    @Test
    void keepsMailInAMaildirUnderTheDataDirectoryByDefaultAndSaysWhere() {
        EmulatorCommand command = new EmulatorCommand();
        commandLine(command).parseArgs("--ports", "ephemeral", "--data-dir", dataDir.toString());
        try (Emulator emulator = command.start(new PrintWriter(err, true))) {
            StartBanner.print(new PrintWriter(out, true), emulator);
            assertThat(out.toString()).contains("Mail is kept on disk in " + dataDir.resolve("mail").toAbsolutePath()
                    + " (Maildir, --store maildir), forced to disk before every acknowledgement.");
        }
        out.getBuffer().setLength(0);
        EmulatorCommand elsewhere = new EmulatorCommand();
        Path root = dataDir.resolve("other-root");
        commandLine(elsewhere).parseArgs("--ports", "ephemeral", "--data-dir", dataDir.toString(),
                "--mail-root", root.toString(), "--fsync", "never");
        try (Emulator emulator = elsewhere.start(new PrintWriter(err, true))) {
            StartBanner.print(new PrintWriter(out, true), emulator);
            assertThat(out.toString()).contains("Mail is kept on disk in " + root.toAbsolutePath()
                    + " (Maildir, --store maildir), without fsync (--fsync never): a machine crash may lose the"
                    + " latest changes.");
        }
        assertThat(commandLine(new EmulatorCommand()).execute("--fsync", "sometimes")).isEqualTo(2);
        assertThat(err.toString()).contains("expected always or never, not: sometimes");
        assertThat(commandLine(new EmulatorCommand()).execute("--store", "cloud")).isEqualTo(2);
        assertThat(err.toString()).contains("expected memory or maildir, not: cloud");
    }

    @Test
    void aSecondEmulatorOnTheSameMailStoreGetsOneClearLineAndExitsNonZero() {
        EmulatorCommand first = new EmulatorCommand();
        commandLine(first).parseArgs("--ports", "ephemeral", "--data-dir", dataDir.toString());
        try (Emulator emulator = first.start(new PrintWriter(err, true))) {
            int exit = commandLine(new EmulatorCommand()).execute("--ports", "ephemeral", "--data-dir",
                    dataDir.toString());
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString().strip()).isEqualTo("o365-emulator: the mail store "
                    + dataDir.resolve("mail").toAbsolutePath() + " is in use by another emulator (pid "
                    + ProcessHandle.current().pid() + "); stop it, or give this one another --mail-root");
            assertThat(emulator.isRunning()).as("the first one goes on").isTrue();
        }
    }

    @Test
    void rejectsAMalformedPortPlan() {
        int exit = commandLine(new EmulatorCommand()).execute("--ports", "offset=abc");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("offset must be a number");
    }

    @Test
    void tracePrintsEachProtocolLineAsItHappens() throws IOException {
        EmulatorCommand command = new EmulatorCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine(command)
                .execute("--ports", "ephemeral", "--data-dir", dataDir.toString(), "--trace"));
        Await.until("the endpoint table", Duration.ofSeconds(20), () -> out.toString().contains("Stop with Ctrl-C."));
        try (LineClient client = LineClient.connect(command.running().address(Endpoint.POP3))) {
            client.readLine();
            client.send("PASS hunter2");
            client.readLine();
        }
        Await.until("the traced PASS line", Duration.ofSeconds(5), () -> out.toString().contains("] *: closed"));
        assertThat(out.toString())
                .containsPattern("\\[#1 pop3] S: \\+OK The Microsoft Exchange POP3 service is ready\\.")
                .contains("[#1 pop3] C: PASS ****")
                .doesNotContain("hunter2");
        command.stop();
        assertThat(exit.join()).isZero();
    }

    private static ServerSocket tryHold(int port) throws IOException {
        try {
            return new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException alreadyTakenOrPrivileged) {
            // Either way the emulator cannot bind it either; hold a dummy socket so the try-with-resources works.
            return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        }
    }

}
