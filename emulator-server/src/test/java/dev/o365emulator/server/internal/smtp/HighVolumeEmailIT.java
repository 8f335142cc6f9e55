package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.store.SpecialUse;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.tenant.BasicAuthSmtpSubmission;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.HveAccount;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Office 365's High Volume Email endpoint ({@code smtp-hve.office365.com:587}, here {@code hve}), reply by
 * reply, with Angus Mail and raw sockets: opt-in, STARTTLS before AUTH, HVE accounts only (password even
 * when basic auth is retired, or a token), internal recipients only, no Sent Items copy, its own daily
 * recipient limit.
 */
class HighVolumeEmailIT {

    private static final String HVE = "notifications@contoso.com";
    private static final String HVE_PASSWORD = "Hve!Notify1";
    private static final String ADELE = DefaultTenant.ADELE;

    @Test
    void theEndpointIsOffUnlessTheTenantHasHveAccountsOrItIsAskedFor() {
        try (Emulator plain = Emulator.builder().start()) {
            assertThat(plain.endpoints()).doesNotContain(Endpoint.HVE).contains(Endpoint.SUBMISSION);
            assertThatThrownBy(() -> plain.port(Endpoint.HVE)).isInstanceOf(IllegalArgumentException.class);
        }
        try (Emulator optedIn = Emulator.builder().scenario("high-volume-email").start()) {
            assertThat(optedIn.endpoints()).contains(Endpoint.HVE, Endpoint.SUBMISSION);
            assertThat(optedIn.port(Endpoint.HVE)).isPositive();
        }
        try (Emulator builderTenant = Emulator.builder().tenant(DefaultTenant.settings().toBuilder()
                .hveAccount(new HveAccount("app@contoso.com", "pw")).build()).start()) {
            assertThat(builderTenant.endpoints()).contains(Endpoint.HVE);
        }
        try (Emulator asked = Emulator.builder().endpoints(EnumSet.of(Endpoint.HVE)).start()) {
            assertThat(asked.endpoints()).containsExactly(Endpoint.HVE);
        }
        try (Emulator leftOut = Emulator.builder().scenario("high-volume-email")
                .endpoints(EnumSet.of(Endpoint.SUBMISSION)).start()) {
            assertThat(leftOut.endpoints()).containsExactly(Endpoint.SUBMISSION);
        }
    }

    @Test
    void authAndMailFromNeedStartTlsFirst() throws Exception {
        try (Emulator emulator = hve(); LineClient client = LineClient.connect(emulator.address(Endpoint.HVE))) {
            assertThat(client.readLine()).startsWith("220 ").contains("Microsoft ESMTP MAIL Service ready");
            client.send("EHLO app.example");
            List<String> ehlo = client.readSmtpReply();
            assertThat(ehlo).anyMatch(l -> l.endsWith("STARTTLS")).noneMatch(l -> l.contains("AUTH"));
            client.send("AUTH LOGIN");
            assertThat(client.readLine()).startsWith("504 5.7.4 Unrecognized authentication type [");
            client.send("MAIL FROM:<" + HVE + ">");
            assertThat(client.readLine()).startsWith("451 5.7.3 STARTTLS is required to send mail [");
            client.send("QUIT");
            client.readLine();
            Session session = sessionOn(emulator, Endpoint.HVE);
            assertThat(session.findings()).extracting(Finding::id).contains("auth-before-starttls");
        }
    }

    @Test
    void anHveAccountSignsInWithItsPasswordWhileBasicAuthIsRetiredAndItsMailIsReadableOverImap()
            throws Exception {
        try (Emulator emulator = hve()) {
            emulator.tenant().update(t -> t.basicAuthSmtpSubmission(BasicAuthSmtpSubmission.RETIRED)
                    .smtpClientAuthenticationDisabled(true));
            var session = AngusSmtp.session(emulator, Endpoint.HVE, "mail.smtp.auth.mechanisms", "LOGIN");
            Transport.send(AngusSmtp.message(session, HVE, ADELE, "HVE notice"), HVE, HVE_PASSWORD);

            assertThat(imapSubjects(emulator, ADELE, DefaultTenant.ADELE_PASSWORD)).containsExactly("HVE notice");
            Session hve = sessionOn(emulator, Endpoint.HVE);
            assertThat(hve.user()).contains(HVE);
            assertThat(hve.mechanism()).contains("LOGIN");
            // The password is HVE's supported path: no basic-auth-smtp warning.
            assertThat(hve.findings()).extracting(Finding::id).doesNotContain("basic-auth-smtp");
            // The same tenant refuses a mailbox's password on 587.
            try (Transport t = AngusSmtp.session(emulator, Endpoint.SUBMISSION).getTransport("smtp")) {
                assertThatThrownBy(() -> t.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), ADELE,
                        DefaultTenant.ADELE_PASSWORD)).isInstanceOf(AuthenticationFailedException.class)
                        .hasMessageStartingWith("550 5.7.30 Basic authentication is not supported");
            }
        }
    }

    @Test
    void anHveAccountSignsInWithXoauth2() throws Exception {
        try (Emulator emulator = hve()) {
            String token = emulator.tokens().delegated(HVE);
            var session = AngusSmtp.session(emulator, Endpoint.HVE, "mail.smtp.auth.mechanisms", "XOAUTH2");
            Transport.send(AngusSmtp.message(session, HVE, ADELE, "by token"), HVE, token);
            assertThat(Internals.of(emulator).store().open(ADELE).inbox().exists()).isEqualTo(1);
            assertThat(sessionOn(emulator, Endpoint.HVE).mechanism()).contains("XOAUTH2");
        }
    }

    @Test
    void aMalformedXoauth2IsAnswered501Point5Point124() throws Exception {
        try (Emulator emulator = hve(); LineClient client = startTls(emulator)) {
            client.send("AUTH XOAUTH2 " + b64("user=" + HVE + "\u0001no-auth-field\u0001\u0001"));
            assertThat(client.readLine()).isEqualTo("501 5.5.124 Invalid XOAUTH2 auth data");
        }
    }

    @Test
    void aRecipientOutsideTheTenantIsRefusedAtRcptTo() throws Exception {
        try (Emulator emulator = hve(); LineClient client = startTls(emulator)) {
            login(client);
            client.send("MAIL FROM:<" + HVE + ">");
            assertThat(client.readLine()).startsWith("250 ");
            client.send("RCPT TO:<someone@example.com>");
            assertThat(client.readLine()).startsWith("550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized [");
            client.send("RCPT TO:<" + ADELE + ">");
            assertThat(client.readLine()).startsWith("250 ");
        }
        try (Emulator emulator = hve()) {
            var session = AngusSmtp.session(emulator, Endpoint.HVE);
            assertThatThrownBy(() -> Transport.send(AngusSmtp.message(session, HVE, "someone@example.com", "out"),
                    HVE, HVE_PASSWORD)).isInstanceOf(SendFailedException.class)
                    .satisfies(e -> assertThat(((SendFailedException) e).getNextException())
                            .hasMessageStartingWith("550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized ["));
        }
    }

    @Test
    void onlyHveAccountsSignInOnHveAndNoneOn587() throws Exception {
        try (Emulator emulator = hve()) {
            try (Transport t = AngusSmtp.session(emulator, Endpoint.HVE).getTransport("smtp")) {
                assertThatThrownBy(() -> t.connect("127.0.0.1", emulator.port(Endpoint.HVE), ADELE,
                        DefaultTenant.ADELE_PASSWORD)).isInstanceOf(AuthenticationFailedException.class)
                        .hasMessageStartingWith("535 5.7.3 Authentication unsuccessful [");
            }
            try (Transport t = AngusSmtp.session(emulator, Endpoint.HVE).getTransport("smtp")) {
                assertThatThrownBy(() -> t.connect("127.0.0.1", emulator.port(Endpoint.HVE), HVE, "wrong"))
                        .isInstanceOf(AuthenticationFailedException.class)
                        .hasMessageStartingWith("535 5.7.3 Authentication unsuccessful [");
            }
            try (Transport t = AngusSmtp.session(emulator, Endpoint.SUBMISSION).getTransport("smtp")) {
                assertThatThrownBy(() -> t.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), HVE,
                        HVE_PASSWORD)).isInstanceOf(AuthenticationFailedException.class)
                        .hasMessageStartingWith("535 5.7.3 Authentication unsuccessful [");
            }
        }
    }

    @Test
    void hveKeepsNoSentItemsCopyWhile587StillDoes() throws Exception {
        try (Emulator emulator = hve()) {
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.HVE), HVE, ADELE, "hve"),
                    HVE, HVE_PASSWORD);
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), ADELE,
                    DefaultTenant.ALEX, "587"), ADELE, DefaultTenant.ADELE_PASSWORD);

            var store = Internals.of(emulator).store();
            assertThat(store.addresses()).doesNotContain(HVE);
            assertThat(store.mailbox(HVE)).isEmpty();
            assertThat(store.open(ADELE).inbox().exists()).isEqualTo(1);
            assertThat(store.open(ADELE).folder(SpecialUse.SENT).exists()).isEqualTo(1);
        }
    }

    @Test
    void theDailyRecipientLimitIsHvesOwn() throws Exception {
        try (Emulator emulator = hve()) {
            emulator.tenant().update(t -> t.limits(t.build().limits().withHveRecipientsPerDay(2)));
            var session = AngusSmtp.session(emulator, Endpoint.HVE);
            Transport.send(AngusSmtp.message(session, HVE, ADELE, "1"), HVE, HVE_PASSWORD);
            Transport.send(AngusSmtp.message(session, HVE, DefaultTenant.ALEX, "2"), HVE, HVE_PASSWORD);
            assertThatThrownBy(() -> Transport.send(AngusSmtp.message(session, HVE, ADELE, "3"), HVE, HVE_PASSWORD))
                    .isInstanceOf(SendFailedException.class)
                    .hasMessageContaining("554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException");
            // A mailbox on 587 counts against the tenant's 10,000, not HVE's limit.
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), ADELE,
                    DefaultTenant.ALEX, "587"), ADELE, DefaultTenant.ADELE_PASSWORD);
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), ADELE,
                    DefaultTenant.ALEX, "587 again"), ADELE, DefaultTenant.ADELE_PASSWORD);
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), ADELE,
                    DefaultTenant.ALEX, "587 a third"), ADELE, DefaultTenant.ADELE_PASSWORD);
            assertThat(Internals.of(emulator).store().open(DefaultTenant.ALEX).inbox().exists()).isEqualTo(4);
        }
    }

    private static Emulator hve() {
        return Emulator.builder().scenario("high-volume-email").start();
    }

    /** The one session recorded on {@code endpoint}, once it has ended. */
    private static Session sessionOn(Emulator emulator, Endpoint endpoint) {
        Await.until("a session on " + endpoint.id() + " to end", Duration.ofSeconds(5), () -> emulator.sessions()
                .all().stream().anyMatch(s -> s.endpoint() == endpoint && !s.isOpen()));
        return emulator.sessions().all().stream().filter(s -> s.endpoint() == endpoint).findFirst().orElseThrow();
    }

    private static LineClient startTls(Emulator emulator) throws Exception {
        LineClient client = LineClient.connect(emulator.address(Endpoint.HVE));
        client.readSmtpReply();
        client.send("EHLO app.example");
        client.readSmtpReply();
        client.send("STARTTLS");
        assertThat(client.readLine()).isEqualTo("220 2.0.0 SMTP server ready");
        client.startTls(Internals.of(emulator).certificates().clientSslContext(), "smtp-hve.office365.com");
        client.send("EHLO app.example");
        assertThat(client.readSmtpReply()).anyMatch(l -> l.contains("AUTH LOGIN XOAUTH2"));
        return client;
    }

    private static void login(LineClient client) throws Exception {
        client.send("AUTH LOGIN " + b64(HVE));
        assertThat(client.readLine()).isEqualTo("334 UGFzc3dvcmQ6");
        client.send(b64(HVE_PASSWORD));
        assertThat(client.readLine()).isEqualTo("235 2.7.0 Authentication successful");
    }

    private static List<String> imapSubjects(Emulator emulator, String user, String password) throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.ssl.socketFactory", emulator.trust().socketFactory());
        props.put("mail.imaps.connectiontimeout", "5000");
        props.put("mail.imaps.timeout", "5000");
        try (Store store = jakarta.mail.Session.getInstance(props).getStore("imaps")) {
            store.connect("127.0.0.1", emulator.port(Endpoint.IMAPS), user, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<String> subjects = new java.util.ArrayList<>();
                for (Message m : inbox.getMessages()) {
                    subjects.add(m.getSubject());
                }
                return subjects;
            } finally {
                inbox.close(false);
            }
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
