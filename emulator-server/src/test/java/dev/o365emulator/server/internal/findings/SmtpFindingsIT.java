package dev.o365emulator.server.internal.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.SessionListener;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.Severity;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMTP findings: each provoked by a raw socket or a real client, and none (but the basic-auth
 * warning for a password) for Angus Mail with STARTTLS and for Python's smtplib used sanely.
 */
class SmtpFindingsIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String PASSWORD = DefaultTenant.ADELE_PASSWORD;
    private static final String LOGIN_B64 = Base64.getEncoder().encodeToString(ADELE.getBytes())
            + "\r\n" + Base64.getEncoder().encodeToString(PASSWORD.getBytes());

    private static Emulator emulator;
    private static final List<Finding> heard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(java.util.Set.of(Endpoint.SMTP, Endpoint.SUBMISSION)).start();
        Internals.of(emulator).journal().addListener(new SessionListener() {
            @Override
            public void findingRecorded(dev.o365emulator.server.journal.Session session, Finding finding) {
                heard.add(finding);
            }
        });
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void clear() {
        Internals.of(emulator).journal().clear();
        heard.clear();
    }

    @Test
    void authBeforeStartTlsPointsAtTheAuthLineAndReachesTheListener() throws Exception {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            client.readSmtpReply();
            client.send("EHLO app.example");
            client.readSmtpReply();
            client.send("AUTH LOGIN");
            assertThat(client.readSmtpReply().get(0)).startsWith("504 5.7.4 ");
            client.send("QUIT");
            client.readSmtpReply();
        }
        SessionRecord record = closedSession(Endpoint.SUBMISSION);
        assertThat(record.findings()).extracting(Finding::id).containsExactly("auth-before-starttls");
        Finding finding = record.findings().get(0);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(record.transcript().get((int) (finding.line() - record.droppedLines())).text()).isEqualTo("AUTH LOGIN");
        assertThat(heard).containsExactly(finding);
    }

    @Test
    void authPlainAndAPasswordLoginAndMailAfterTheRefusalAreFound() throws Exception {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            client.readSmtpReply();
            client.send("EHLO app.example");
            client.readSmtpReply();
            client.send("STARTTLS");
            client.readSmtpReply();
            client.startTls(Internals.of(emulator).certificates().clientSslContext(), "smtp.office365.com");
            client.send("EHLO app.example");
            client.readSmtpReply();
            client.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + ADELE + "\0" + PASSWORD).getBytes()));
            assertThat(client.readSmtpReply().get(0)).startsWith("504 5.7.4 ");
            client.send("AUTH LOGIN");
            client.readSmtpReply();
            client.sendRaw(Base64.getEncoder().encodeToString(ADELE.getBytes()) + "\r\n"
                    + Base64.getEncoder().encodeToString("wrong".getBytes()) + "\r\n");
            client.readSmtpReply();
            assertThat(client.readSmtpReply().get(0)).startsWith("535 5.7.3 ");
            client.send("MAIL FROM:<" + ADELE + ">");
            assertThat(client.readSmtpReply().get(0)).startsWith("530 5.7.57 ");
            client.send("AUTH LOGIN");
            client.readSmtpReply();
            client.sendRaw(LOGIN_B64 + "\r\n");
            client.readSmtpReply();
            assertThat(client.readSmtpReply().get(0)).startsWith("235 ");
            client.send("QUIT");
            client.readSmtpReply();
        }
        assertThat(closedSession(Endpoint.SUBMISSION).findings()).extracting(Finding::id)
                .containsExactly("plain-mechanism", "ignored-enhanced-code", "basic-auth-smtp");
    }

    @Test
    void dataAfterEveryRecipientWasRefusedIsFound() throws Exception {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            client.readSmtpReply();
            client.send("EHLO mta.example.org");
            client.readSmtpReply();
            client.send("MAIL FROM:<news@example.org>");
            client.readSmtpReply();
            client.send("RCPT TO:<nobody@contoso.com>");
            assertThat(client.readSmtpReply().get(0)).startsWith("550 5.4.1 ");
            client.send("DATA");
            assertThat(client.readSmtpReply().get(0)).startsWith("503 ");
            client.send("QUIT");
            client.readSmtpReply();
        }
        assertThat(closedSession(Endpoint.SMTP).findings()).extracting(Finding::id)
                .containsExactly("ignored-enhanced-code");
    }

    @Test
    void aCarelessMessageIsFoundOnceForEachFault() throws Exception {
        String longLine = "x".repeat(1200);
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            client.readSmtpReply();
            client.send("EHLO mta.example.org");
            client.readSmtpReply();
            client.send("MAIL FROM:<alerts@example.org>");
            client.readSmtpReply();
            client.send("RCPT TO:<" + ADELE + ">");
            client.readSmtpReply();
            client.send("DATA");
            client.readSmtpReply();
            client.sendRaw("From: \"alerts@example.org\" <noreply@example.org>\r\nSubject: caf\u00e9\r\n\r\nline one\n"
                    + longLine + "\r\n.\r\n");
            assertThat(client.readSmtpReply().get(0)).startsWith("250 ");
            client.send("QUIT");
            client.readSmtpReply();
        }
        assertThat(closedSession(Endpoint.SMTP).findings()).extracting(Finding::id).containsExactly(
                "missing-message-id", "missing-date", "bare-lf", "line-too-long", "8bit-without-8bitmime",
                "from-display-name-address");
    }

    @Test
    void aFromTheLoginMayNotSendAsIsFound() throws Exception {
        MimeMessage message = AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), "ceo@contoso.com",
                DefaultTenant.ALEX, "as the ceo");
        message.setSender(new jakarta.mail.internet.InternetAddress(ADELE));
        try {
            Transport.send(message, ADELE, PASSWORD);
        } catch (jakarta.mail.MessagingException expected) {
            assertThat(expected.getMessage()).contains("5.2.252 SendAsDenied");
        }
        assertThat(closedSession(Endpoint.SUBMISSION).findings()).extracting(Finding::id)
                .contains("from-not-envelope");
    }

    @Test
    void angusMailWithStartTlsAndXoauth2GetsNoneAndWithLoginOnlyTheBasicAuthWarning() throws Exception {
        emulator.tokens().register("lint-token", ADELE);
        Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION,
                "mail.smtp.auth.mechanisms", "XOAUTH2"), ADELE, DefaultTenant.ALEX, "oauth"), ADELE, "lint-token");
        assertThat(closedSession(Endpoint.SUBMISSION).findings()).isEmpty();
        Internals.of(emulator).journal().clear();
        Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), ADELE, DefaultTenant.ALEX,
                "login"), ADELE, PASSWORD);
        assertThat(closedSession(Endpoint.SUBMISSION).findings()).extracting(Finding::id)
                .containsExactly("basic-auth-smtp");
    }

    @Test
    void pythonSmtplibUsedSanelyGetsOnlyTheBasicAuthWarning() throws Exception {
        ExternalClient.assumeInstalled("python3");
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "from email.message import EmailMessage",
                "from email.utils import make_msgid, formatdate",
                "m = EmailMessage()",
                "m['From'] = 'Adele Vance <adele@contoso.com>'",
                "m['To'] = 'alex@contoso.com'",
                "m['Subject'] = 'report'",
                "m['Date'] = formatdate()",
                "m['Message-ID'] = make_msgid(domain='contoso.com')",
                "m.set_content('All fine.\\n')",
                "s = smtplib.SMTP(sys.argv[1], int(sys.argv[2]), timeout=10)",
                "s.starttls(context=ssl.create_default_context(cafile=sys.argv[3]))",
                "s.login('adele@contoso.com', 'Passw0rd!adele')",
                "s.send_message(m)",
                "s.quit()",
                "print('sent')");
        ExternalClient.Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.SUBMISSION)), Internals.of(emulator).certificates().caPem().toString()), "");
        assertThat(result.output()).as(result.output()).contains("sent");
        assertThat(closedSession(Endpoint.SUBMISSION).findings()).extracting(Finding::id)
                .containsExactly("basic-auth-smtp");
    }

    @Test
    void reconnectingAtOnceAfterServerBusyIsNoBackoff() throws Exception {
        emulator.scenario().use("server-busy");
        try {
            for (int i = 0; i < 2; i++) {
                // From an address of its own: the other tests' clients are not this one.
                try (LineClient client = LineClient.connectFrom(new InetSocketAddress("127.0.0.2", 0),
                        emulator.address(Endpoint.SMTP))) {
                    client.readSmtpReply();
                    client.send("EHLO mta.example.org");
                    client.readSmtpReply();
                    client.send("MAIL FROM:<news@example.org>");
                    assertThat(client.readSmtpReply().get(0)).startsWith("451 4.7.500 Server busy.");
                    client.send("QUIT");
                    client.readSmtpReply();
                }
            }
        } finally {
            emulator.scenario().use("office365");
        }
        List<SessionRecord> sessions = Internals.of(emulator).journal().sessions(r -> r.endpoint() == Endpoint.SMTP);
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).findings()).isEmpty();
        // The emulator's clock is the system's here: the reconnect is well within a second.
        assertThat(sessions.get(1).findings()).extracting(Finding::id).containsExactly("no-backoff");
    }

    @Test
    void aRecipientRefusedForGoodAndAskedForAgainOnTheNextConnectionIsARetryAndACorrectedOneIsNot()
            throws Exception {
        // From an address of its own: the tracker remembers clients across tests.
        InetSocketAddress from = new InetSocketAddress("127.0.0.3", 0);
        for (String recipient : List.of("nobody@contoso.com", "nobody@contoso.com", DefaultTenant.ALEX)) {
            try (LineClient client = LineClient.connectFrom(from, emulator.address(Endpoint.SMTP))) {
                client.readSmtpReply();
                client.send("EHLO mta.example.org");
                client.readSmtpReply();
                client.send("MAIL FROM:<news@example.org>");
                client.readSmtpReply();
                client.send("RCPT TO:<" + recipient + ">");
                client.readSmtpReply();
                client.send("QUIT");
                client.readSmtpReply();
            }
        }
        Await.until("three sessions to close", Duration.ofSeconds(10), () -> Internals.of(emulator).journal()
                .sessions(r -> r.end().isPresent()).size() == 3);
        List<SessionRecord> sessions = Internals.of(emulator).journal().sessions();
        assertThat(sessions).extracting(r -> r.findings().stream().map(Finding::id).toList())
                .containsExactly(List.of(), List.of("retry-after-permanent"), List.of());
        SessionRecord retry = sessions.get(1);
        assertThat(retry.transcript().get((int) (retry.findings().get(0).line() - retry.droppedLines())).text())
                .isEqualTo("RCPT TO:<nobody@contoso.com>");
    }

    @Test
    void angusMailSendingAgainWhatWasRefusedAsSendAsDeniedIsARetry() throws Exception {
        jakarta.mail.Session session = AngusSmtp.session(emulator, Endpoint.SUBMISSION,
                "mail.smtp.localaddress", "127.0.0.6");
        for (int attempt = 0; attempt < 2; attempt++) {
            MimeMessage message = AngusSmtp.message(session, "ceo@contoso.com", DefaultTenant.ALEX, "as the ceo");
            try {
                Transport.send(message, ADELE, PASSWORD);
                throw new AssertionError("sent as the ceo");
            } catch (jakarta.mail.MessagingException expected) {
                assertThat(expected.getMessage()).contains("5.2.252 SendAsDenied");
            }
        }
        Await.until("both sessions to close", Duration.ofSeconds(10), () -> Internals.of(emulator).journal()
                .sessions(r -> r.end().isPresent()).size() == 2);
        List<SessionRecord> sessions = Internals.of(emulator).journal().sessions();
        assertThat(sessions.get(0).findings()).extracting(Finding::id).doesNotContain("retry-after-permanent");
        assertThat(sessions.get(1).findings()).extracting(Finding::id).contains("retry-after-permanent");
    }

    private static SessionRecord closedSession(Endpoint endpoint) {
        Await.until("the session to close", Duration.ofSeconds(10), () -> Internals.of(emulator).journal()
                .sessions(r -> r.endpoint() == endpoint && r.end().isPresent()).size() == 1);
        return Internals.of(emulator).journal().sessions(r -> r.endpoint() == endpoint).get(0);
    }
}
