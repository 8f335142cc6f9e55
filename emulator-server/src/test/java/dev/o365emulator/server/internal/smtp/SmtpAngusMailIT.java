package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.SpecialUse;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.SmtpClientAuthentication;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.testing.Await;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Angus Mail (Jakarta Mail) against the SMTP endpoints: STARTTLS on 587 with AUTH LOGIN and
 * XOAUTH2, implicit TLS on 465, and each Office 365 refusal as Angus reports it.
 */
class SmtpAngusMailIT {

    private static final String ADELE = "adele@contoso.com";
    private static final String ADELE_PASSWORD = "Passw0rd!adele";

    // "generic" serves 465, which Office 365 (the default scenario) does not.
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.scenario("generic").endpoints(Endpoint.SUBMISSION, Endpoint.SMTPS, Endpoint.SMTP));

    @Test
    void sendsOverStartTlsWithAuthLoginAndStoresTheClientBytesAfterAReceivedHeader() throws Exception {
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "hello over 587");
        message.saveChanges();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        message.writeTo(sent);
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), ADELE, ADELE_PASSWORD);
            transport.sendMessage(message, message.getAllRecipients());
            assertThat(transport.getLastServerResponse().strip()).matches("250 2\\.0\\.0 OK <[^>]+> \\[Hostname="
                    + emulator.identity().mailboxServerFqdn().replace(".", "\\.") + "]");
        }

        String stored = only(emulator.store().open("alex@contoso.com").inbox().snapshot().messages());
        assertThat(stored).startsWith("Received: from ").contains(" by " + emulator.identity().fqdn() + "\r\n",
                "with Microsoft SMTP Server (version=TLS1_", "via Frontend Transport; ");
        // Byte-identical after the one trace field Exchange prepends (dot-unstuffing undone by the decoder).
        String client = sent.toString(StandardCharsets.UTF_8);
        assertThat(stored).endsWith(client);
        assertThat(stored.substring(0, stored.length() - client.length()))
                .matches("(?s)Received: from [^\r\n]+\r\n [^\r\n]+\r\n [^\r\n]+\r\n");
        List<MessageHandle> sentItems = emulator.store().open(ADELE).folder(SpecialUse.SENT).snapshot().messages();
        assertThat(sentItems).singleElement().satisfies(h -> assertThat(h.flags()).isEqualTo(Flags.SEEN));

        SessionRecord record = lastSession(Endpoint.SUBMISSION);
        assertThat(record.user()).contains(ADELE);
        assertThat(record.mechanism()).contains("LOGIN");
        assertThat(record.transcript()).extracting(TranscriptLine::text)
                .contains("AUTH LOGIN", "****").noneMatch(line -> line.contains("UGFzc3cwcmQhYWRlbGU"));
    }

    @Test
    void sendsWithXoauth2UsingARegisteredToken() throws Exception {
        emulator.tokens().register("angus-access-token", ADELE);
        Session session = session(Endpoint.SUBMISSION, "mail.smtp.auth.mechanisms", "XOAUTH2");
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), ADELE, "angus-access-token");
            MimeMessage message = message(session, ADELE, "megan@contoso.com", "token");
            transport.sendMessage(message, message.getAllRecipients());
        }
        assertThat(emulator.store().open("megan@contoso.com").inbox().exists()).isEqualTo(1);
        assertThat(lastSession(Endpoint.SUBMISSION).mechanism()).contains("XOAUTH2");
    }

    @Test
    void unknownTokenIsRefusedWith535Point7Point3() throws Exception {
        Session session = session(Endpoint.SUBMISSION, "mail.smtp.auth.mechanisms", "XOAUTH2");
        try (Transport transport = session.getTransport("smtp")) {
            assertThatThrownBy(() -> transport.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), ADELE, "forged"))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageStartingWith("535 5.7.3 Authentication unsuccessful [" + emulator.identity().fqdn());
        }
    }

    @Test
    void sendsOverImplicitTlsOn465() throws Exception {
        Session session = session(Endpoint.SMTPS);
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "hello over 465");
        Transport.send(message, ADELE, ADELE_PASSWORD);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
        assertThat(lastSession(Endpoint.SMTPS).tls()).isPresent();
    }

    @Test
    void smtpAuthDisabledForTheTenantFailsTheLogin() throws Exception {
        emulator.tenant().update(t -> t.smtpClientAuthenticationDisabled(true));
        assertLoginFails("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant."
                + " Visit https://aka.ms/smtp_auth_disabled for more information. [");
    }

    @Test
    void smtpAuthDisabledForTheMailboxFailsTheLogin() throws Exception {
        emulator.tenant().updateMailbox(ADELE, m -> m.smtpClientAuthentication(SmtpClientAuthentication.DISABLED));
        assertLoginFails("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.");
    }

    @Test
    void securityDefaultsFailTheLogin() throws Exception {
        emulator.tenant().update(t -> t.securityDefaults(true));
        assertLoginFails("535 5.7.139 Authentication unsuccessful, user is locked by your organization's security"
                + " defaults policy. Contact your administrator.");
    }

    @Test
    void basicAuthBlockedByPolicyFailsTheLogin() throws Exception {
        emulator.tenant().update(t -> t.basicAuthBlocked(dev.o365emulator.server.Protocol.SMTP, true));
        assertLoginFails("535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [");
    }

    @Test
    void conditionalAccessFailsTheLoginWithThePlainPassword() throws Exception {
        emulator.tenant().updateMailbox(ADELE, m -> m.mfaRequired(true));
        assertLoginFails("535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be"
                + " authenticated successfully. Contact your administrator.");
    }

    @Test
    void wrongPasswordFailsWith535Point7Point3() throws Exception {
        Session session = session(Endpoint.SUBMISSION);
        try (Transport transport = session.getTransport("smtp")) {
            assertThatThrownBy(() -> transport.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), ADELE, "nope"))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageStartingWith("535 5.7.3 Authentication unsuccessful [");
        }
    }

    @Test
    void sendingWithoutAuthenticationIsRefusedWith530() throws Exception {
        Session session = session(Endpoint.SUBMISSION, "mail.smtp.auth", "false");
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "anonymous");
        assertThatThrownBy(() -> Transport.send(message))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("530 5.7.57 Client not authenticated to send mail. [");
    }

    @Test
    void sendAsAnotherMailboxIsRefusedAfterTheBodyWithTheCurrentText() throws Exception {
        // "generic" accepts any sender; this test is about Office 365's check.
        emulator.tenant().update(t -> t.enforceSendAs(true));
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "pretending");
        message.setFrom(new InternetAddress("megan@contoso.com"));
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.252 SendAsDenied; adele@contoso.com not allowed to send as megan@contoso.com;"
                        + " STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to"
                        + " process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit"
                        + " message. 0.35250:");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isZero();
    }

    @Test
    void envelopeSenderIsCheckedLikeTheFromHeader() throws Exception {
        emulator.tenant().update(t -> t.enforceSendAs(true));
        Session session = session(Endpoint.SUBMISSION, "mail.smtp.from", "megan@contoso.com");
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "envelope");
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.252 SendAsDenied; adele@contoso.com not allowed to send as megan@contoso.com;");
    }

    @Test
    void legacySendAsTextIsAvailableAsASessionOption() throws Exception {
        try (Emulator legacy = Emulator.builder().endpoints(Endpoint.SUBMISSION).legacySendAsDeniedReply(true)
                .start()) {
            Session session = AngusSmtp.session(legacy, Endpoint.SUBMISSION);
            MimeMessage message = message(session, ADELE, "alex@contoso.com", "legacy");
            message.setFrom(new InternetAddress("megan@contoso.com"));
            assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                    .isInstanceOf(SendFailedException.class)
                    .hasMessageContaining("554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException"
                            + ".MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with"
                            + " message Cannot submit message.");
        }
    }

    @Test
    void sendAsAndSendOnBehalfGrantsAreHonoured() throws Exception {
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage asInfo = message(session, "info@contoso.com", "alex@contoso.com", "as info");
        Transport.send(asInfo, ADELE, ADELE_PASSWORD);
        MimeMessage onBehalf = message(session, "megan@contoso.com", "adele@contoso.com", "for megan");
        Transport.send(onBehalf, "alex@contoso.com", "Passw0rd!alex");

        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
        String received = only(emulator.store().open(ADELE).inbox().snapshot().messages());
        // Exchange names the delegate in a Sender field: "alex on behalf of megan".
        assertThat(received).contains("\r\nSender: alex@contoso.com\r\n", "From: megan@contoso.com");
    }

    @Test
    void messageOverTheMailboxSendSizeIsRefusedAfterTheBody() throws Exception {
        emulator.tenant().updateMailbox(ADELE, m -> m.maxSendSize(2_000));
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "big");
        message.setText("x".repeat(5_000));
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.0 STOREDRV.Submission.Exception:MessageSubmissionExceededException"
                        + ".MapiExceptionMaxSubmissionExceeded;");
    }

    @Test
    void recipientsBeyondTheLimitAreRefusedWith452() throws Exception {
        emulator.tenant().update(t -> t.limits(new Limits(2, 30, 10_000, 3, 20)));
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "many");
        message.setRecipients(Message.RecipientType.TO, "alex@contoso.com, megan@contoso.com, team@contoso.com");
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOfSatisfying(SendFailedException.class, e -> {
                    // A 4xx reply to RCPT: Angus keeps the address as valid but unsent, for a retry.
                    assertThat(e.getValidUnsentAddresses()).extracting(Object::toString).contains("team@contoso.com");
                    assertThat(e.getNextException()).hasMessageContaining("452 4.5.3 Too many recipients");
                });
    }

    @Test
    void dailyRecipientQuotaRefusesTheMessageThatWouldExceedIt() throws Exception {
        emulator.tenant().update(t -> t.limits(new Limits(500, 30, 2, 3, 20)));
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage first = message(session, ADELE, "alex@contoso.com", "one");
        first.setRecipients(Message.RecipientType.TO, "alex@contoso.com, megan@contoso.com");
        Transport.send(first, ADELE, ADELE_PASSWORD);
        MimeMessage second = message(session, ADELE, "alex@contoso.com", "two");
        assertThatThrownBy(() -> Transport.send(second, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException");
    }

    @Test
    void aFourthConcurrentSubmissionGetsTheSenderThreadLimit() throws Exception {
        // "generic" lifts Office 365's limits; this test is about one of them.
        emulator.tenant().update(t -> t.limits(Limits.DEFAULTS));
        Session session = session(Endpoint.SUBMISSION);
        List<SMTPTransport> holding = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SMTPTransport t = (SMTPTransport) session.getTransport("smtp");
                t.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), ADELE, ADELE_PASSWORD);
                assertThat(t.simpleCommand("MAIL FROM:<adele@contoso.com>")).isEqualTo(250);
                holding.add(t);
            }
            MimeMessage message = message(session, ADELE, "alex@contoso.com", "fourth");
            assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                    .isInstanceOf(SendFailedException.class)
                    .hasMessageContaining("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname="
                            + emulator.identity().mailboxServerFqdn() + "]");
        } finally {
            for (SMTPTransport t : holding) {
                t.close();
            }
        }
        // Closed connections give their slots back.
        Await.until("slots to be released", Duration.ofSeconds(5),
                () -> emulator.tenant().submissions().tryAcquireSlot(ADELE).map(s -> {
                    s.close();
                    return true;
                }).orElse(false));
    }

    @Test
    void unknownRecipientInTheTenantIsAcceptedAndAnsweredWithANonDeliveryReport() throws Exception {
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage message = message(session, ADELE, "nobody@contoso.com", "lost");
        Transport.send(message, ADELE, ADELE_PASSWORD);
        String ndr = only(emulator.store().open(ADELE).inbox().snapshot().messages());
        assertThat(ndr).contains("Subject: Undeliverable: lost",
                "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
                "Final-recipient: rfc822;nobody@contoso.com");
    }

    @Test
    void authenticatedClientOnPort25SubmitsLikeOn587() throws Exception {
        Session session = session(Endpoint.SMTP);
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "via 25");
        Transport.send(message, ADELE, ADELE_PASSWORD);
        assertThat(emulator.store().open(ADELE).folder(SpecialUse.SENT).exists()).isEqualTo(1);
    }

    private void assertLoginFails(String expected) throws Exception {
        Session session = session(Endpoint.SUBMISSION);
        try (Transport transport = session.getTransport("smtp")) {
            assertThatThrownBy(() -> transport.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), ADELE,
                    ADELE_PASSWORD))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageStartingWith(expected);
        }
    }

    private static Session session(Endpoint endpoint, String... extra) {
        return session(emulator, endpoint, extra);
    }

    static Session session(EmulatorExtension emulator, Endpoint endpoint, String... extra) {
        return AngusSmtp.session(emulator, endpoint, extra);
    }

    static MimeMessage message(Session session, String from, String to, String subject) throws MessagingException {
        return AngusSmtp.message(session, from, to, subject);
    }

    private static String only(List<MessageHandle> messages) {
        assertThat(messages).hasSize(1);
        ByteBuffer raw = messages.get(0).message().raw();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static SessionRecord lastSession(Endpoint endpoint) {
        List<SessionRecord> sessions = emulator.journal().sessions(s -> s.endpoint() == endpoint);
        return sessions.get(sessions.size() - 1);
    }
}
