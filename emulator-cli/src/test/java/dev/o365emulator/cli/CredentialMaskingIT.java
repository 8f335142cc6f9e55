package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credentials sent where no SASL exchange expects them (after a refused or cancelled AUTH, or as a
 * stray line) never reach the journal, the {@code --trace} output or an echoing reply, in any
 * form: as sent, upper-cased or cut short. Raw sockets, because real clients stop after the refusal;
 * the sequences are those of clients that pipeline their credentials or retry by hand.
 */
class CredentialMaskingIT {

    private static final String PASSWORD = "Passw0rd!adele";
    private static final String USER = "adele@contoso.com";

    private static Emulator emulator;
    private static final StringWriter traced = new StringWriter();
    private static TracePrinter printer;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().scenario("office365").start();
        printer = new TracePrinter(new PrintWriter(traced));
        emulator.sessions().addListener(printer);
    }

    @AfterAll
    static void stop() {
        emulator.close();
        printer.close();
    }

    @AfterEach
    void forget() {
        emulator.sessions().clear();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The session's transcript once it has closed and its close was traced (the testkit's
     * transcript view reads the same {@code Session.transcript()}).
     */
    private static List<String> transcript(Endpoint endpoint) {
        Await.until("a closed " + endpoint.id() + " session", Duration.ofSeconds(5), () -> emulator.sessions()
                .filter(s -> s.endpoint() == endpoint && s.end().isPresent()).size() == 1);
        Session record = emulator.sessions().filter(s -> s.endpoint() == endpoint).get(0);
        String closed = "[#" + record.id() + " " + endpoint.id() + "] *: closed";
        Await.until("the trace of the close", Duration.ofSeconds(5), () -> traced.toString().contains(closed));
        return record.transcript().stream().map(TranscriptLine::toString).toList();
    }

    /** Neither the transcript, the trace, nor anything the server sent holds a secret in any spelling. */
    private static void assertNowhere(List<String> transcript, List<String> replies, String... secrets) {
        String trace = traced.toString();
        for (String secret : secrets) {
            List<String> forms = secret.length() >= 12
                    ? List.of(secret, secret.toUpperCase(Locale.ROOT), secret.substring(0, secret.length() / 2))
                    : List.of(secret, secret.toUpperCase(Locale.ROOT));
            for (String form : forms) {
                assertThat(String.join("\n", transcript)).doesNotContain(form);
                assertThat(trace).doesNotContain(form);
                assertThat(String.join("\n", replies)).doesNotContain(form);
            }
        }
    }

    @Test
    void smtpAuthPlainRefusedThenTheCredentialsAnyway() throws Exception {
        String credentials = b64("\0" + USER + "\0" + PASSWORD);
        List<String> replies;
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            client.readSmtpReply();
            client.send("EHLO client.example");
            client.readSmtpReply();
            client.send("AUTH PLAIN");
            assertThat(client.readLine()).startsWith("504 5.7.4 Unrecognized authentication type");
            client.send(credentials);
            replies = client.readSmtpReply();
            client.send("QUIT");
            client.readSmtpReply();
        }
        assertThat(replies).containsExactly("500 5.3.3 Unrecognized command '****'");
        List<String> transcript = transcript(Endpoint.SMTP);
        assertThat(transcript).containsSubsequence("C: AUTH PLAIN", "C: ****", "S: 500 5.3.3 Unrecognized command '****'",
                "C: QUIT");
        assertNowhere(transcript, replies, credentials);
    }

    @Test
    void smtpAuthLoginWithUserOnPort25RefusedThenThePassword() throws Exception {
        String user = b64(USER);
        String password = b64(PASSWORD);
        List<String> replies;
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            client.readSmtpReply();
            client.send("EHLO client.example");
            client.readSmtpReply();
            client.send("AUTH LOGIN " + user);
            assertThat(client.readLine()).startsWith("504 5.7.4");
            client.send(password);
            replies = client.readSmtpReply();
            // Short secrets do not look like base64 at all: the aftermath masks them anyway.
            client.send("YWJj");
            replies = List.of(replies.get(0), client.readLine());
            client.send("NOOP");
            client.readLine();
            client.send("xyzzy now");
            replies = List.of(replies.get(0), replies.get(1), client.readLine());
            client.send("QUIT");
            client.readSmtpReply();
        }
        assertThat(replies).containsExactly("500 5.3.3 Unrecognized command '****'",
                "500 5.3.3 Unrecognized command '****'", "500 5.3.3 Unrecognized command 'xyzzy'");
        List<String> transcript = transcript(Endpoint.SMTP);
        assertThat(transcript).containsSubsequence("C: AUTH LOGIN ****", "C: ****", "C: ****", "C: NOOP", "C: xyzzy now");
        assertNowhere(transcript, replies, user, password, "YWJj");
    }

    @Test
    void smtpAuthLoginCancelledThenThePassword() throws Exception {
        String password = b64(PASSWORD);
        List<String> replies;
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            client.readSmtpReply();
            client.send("EHLO client.example");
            client.readSmtpReply();
            client.send("STARTTLS");
            client.readSmtpReply();
            client.startTls(emulator.trust().sslContext(), "smtp.office365.com");
            client.send("EHLO client.example");
            client.readSmtpReply();
            client.send("AUTH LOGIN");
            assertThat(client.readLine()).isEqualTo("334 VXNlcm5hbWU6");
            client.send(b64(USER));
            assertThat(client.readLine()).isEqualTo("334 UGFzc3dvcmQ6");
            client.send("*");
            assertThat(client.readLine()).startsWith("501 ");
            client.send(password);
            replies = client.readSmtpReply();
            client.send("QUIT");
            client.readSmtpReply();
        }
        assertThat(replies).containsExactly("500 5.3.3 Unrecognized command '****'");
        List<String> transcript = transcript(Endpoint.SUBMISSION);
        assertThat(transcript).containsSubsequence("C: AUTH LOGIN", "C: ****", "C: ****", "C: ****", "C: QUIT");
        assertNowhere(transcript, replies, password, b64(USER));
    }

    @Test
    void smtpBase64LineOutsideAnyAuthIsMaskedToo() throws Exception {
        String token = b64("user=" + USER + "\u0001auth=Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi\u0001\u0001");
        List<String> replies;
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            client.readSmtpReply();
            client.send("EHLO client.example");
            client.readSmtpReply();
            client.send(token);
            replies = client.readSmtpReply();
            client.send("QUIT");
            client.readSmtpReply();
        }
        assertThat(replies).containsExactly("500 5.3.3 Unrecognized command '****'");
        List<String> transcript = transcript(Endpoint.SMTP);
        assertNowhere(transcript, replies, token);
    }

    @Test
    void pop3RefusedAuthThenTheResponseAndAPasswordWithoutPass() throws Exception {
        String credentials = b64("\0" + USER + "\0" + PASSWORD);
        List<String> replies;
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.POP3))) {
            client.readLine();
            client.send("AUTH CRAM-MD5");
            assertThat(client.readLine()).startsWith("-ERR");
            client.send(credentials);
            String first = client.readLine();
            client.send("USER " + USER);
            client.readLine();
            client.send(PASSWORD + " and more");
            String second = client.readLine();
            replies = List.of(first, second);
            client.send("QUIT");
            client.readLine();
        }
        assertThat(replies).allMatch(r -> r.startsWith("-ERR"));
        List<String> transcript = transcript(Endpoint.POP3);
        assertThat(transcript).containsSubsequence("C: AUTH CRAM-MD5", "C: ****", "C: USER " + USER, "C: ****", "C: QUIT");
        assertNowhere(transcript, replies, credentials, PASSWORD);
    }

    @Test
    void imapRefusedAuthenticateThenTheResponseAndAMalformedLogin() throws Exception {
        String user = b64(USER);
        String password = b64(PASSWORD);
        List<String> replies;
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.IMAP))) {
            client.readLine();
            client.send("a1 AUTHENTICATE LOGIN");
            assertThat(client.readLine()).startsWith("a1 BAD");
            client.send(user);
            String first = client.readLine();
            client.send(password);
            String second = client.readLine();
            client.send("a2 NOOP");
            client.readLine();
            // Outside the aftermath, a lone base64 line is still not echoed as a tag.
            client.send(password);
            String third = client.readLine();
            client.send("a3 LOGIN " + USER + " correct horse battery");
            String fourth = client.readLine();
            replies = List.of(first, second, third, fourth);
            client.send("a4 LOGOUT");
            client.readUntil("a4 ");
        }
        assertThat(replies).startsWith("* BAD Command Error. 10", "* BAD Command Error. 10", "* BAD Command Error. 10");
        List<String> transcript = transcript(Endpoint.IMAP);
        assertThat(transcript).containsSubsequence("C: a1 AUTHENTICATE LOGIN", "C: ****", "C: ****", "C: a2 NOOP",
                "C: ****", "C: a3 LOGIN " + USER + " **** **** ****");
        assertNowhere(transcript, replies, user, password, "correct horse", "battery");
    }
}
