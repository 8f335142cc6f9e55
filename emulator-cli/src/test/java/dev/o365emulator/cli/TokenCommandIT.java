package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.server.testing.LineClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code o365-emulator token} prints tokens a running emulator with the same data directory accepts,
 * or refuses as Office 365 does: expired at login, without the IMAP scope after it.
 */
class TokenCommandIT {

    @TempDir
    Path dataDir;

    private Emulator emulator;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        emulator = Emulator.builder().ports(PortPlan.ephemeral()).dataDirectory(dataDir)
                .endpoints(Endpoint.IMAPS, Endpoint.SUBMISSION).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private String token(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "token";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        int exit = new CommandLine(new EmulatorCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(all);
        assertThat(exit).as("exit status; stderr: %s", err).isZero();
        List<String> lines = out.toString().lines().toList();
        out.getBuffer().setLength(0);
        assertThat(lines).as("the token alone on standard output").hasSize(1);
        return lines.get(0);
    }

    /** The tagged reply to AUTHENTICATE XOAUTH2 with the token, then to SELECT INBOX. */
    private List<String> imapLogin(String token) throws Exception {
        String sasl = Base64.getEncoder().encodeToString(("user=adele@contoso.com\u0001auth=Bearer " + token
                + "\u0001\u0001").getBytes(StandardCharsets.US_ASCII));
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS), emulator.trust().sslContext(),
                "outlook.office365.com")) {
            client.readLine();
            client.send("a1 AUTHENTICATE XOAUTH2 " + sasl);
            String login = last(client.readUntil("a1 "));
            if (!login.startsWith("a1 OK")) {
                return List.of(login);
            }
            client.send("a2 SELECT INBOX");
            return List.of(login, last(client.readUntil("a2 ")));
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void aTokenOfTheSameDataDirectorySignsInAndConnects() throws Exception {
        List<String> replies = imapLogin(token("adele@contoso.com"));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0)).startsWith("a1 OK");
        assertThat(replies.get(1)).startsWith("a2 OK");
    }

    @Test
    void anExpiredTokenIsRefusedAtLogin() throws Exception {
        String token = token("adele@contoso.com", "--expires-in", "-5m");
        assertThat(emulator.tokens().expiresAt(token)).isEmpty();
        assertThat(imapLogin(token)).containsExactly("a1 NO AUTHENTICATE failed.");
    }

    @Test
    void aTokenWithoutTheImapScopeSignsInButDoesNotConnect() throws Exception {
        List<String> replies = imapLogin(token("adele@contoso.com", "--scope", "https://outlook.office.com/SMTP.Send",
                "--expires-in", "PT10M"));
        assertThat(replies.get(0)).startsWith("a1 OK");
        assertThat(replies.get(1)).isEqualTo("a2 BAD User is authenticated but not connected.");
    }

    @Test
    void anUnknownUserOrDurationIsRefusedWithOneLine() {
        CommandLine cli = new CommandLine(new EmulatorCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        assertThat(cli.execute("token", "nobody@contoso.com", "--data-dir", dataDir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("o365-emulator: no mailbox nobody@contoso.com");
        assertThat(cli.execute("token", "adele@contoso.com", "--expires-in", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("expected a duration such as 30s, 10m, 2h, 1d, -5m or PT90M, not: soon");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        TokenCommand.DurationConverter converter = new TokenCommand.DurationConverter();
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("-5m")).isEqualTo(Duration.ofMinutes(-5));
        assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(converter.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(converter.convert("-PT90M")).isEqualTo(Duration.ofMinutes(-90));
    }
}
