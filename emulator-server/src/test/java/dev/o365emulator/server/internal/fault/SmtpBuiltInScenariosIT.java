package dev.o365emulator.server.internal.fault;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.ExternalClient.Result;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.util.List;
import org.eclipse.angus.mail.util.MailConnectException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every built-in scenario that concerns SMTP, as Angus Mail (and Python's smtplib where useful) sees
 * it: the exception class and Office 365's exact text.
 */
class SmtpBuiltInScenariosIT {

    private static final String ADELE = "adele@contoso.com";
    private static final String ADELE_PASSWORD = "Passw0rd!adele";

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SUBMISSION, Endpoint.SMTPS));
    private static String trailerStart;

    @BeforeAll
    static void start() {
        trailerStart = "[" + emulator.identity().fqdn() + " ";
    }

    @Test
    void office365LetsTheConnectTo465TimeOutWhile587Serves() throws Exception {
        emulator.useScenario("office365");
        MimeMessage message = message(session(Endpoint.SMTPS), ADELE, "alex@contoso.com", "465");
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(MailConnectException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class);
        Transport.send(message(session(Endpoint.SUBMISSION), ADELE, "alex@contoso.com", "587"), ADELE, ADELE_PASSWORD);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void genericServes465WithImplicitTlsAndAcceptsAuthPlain() throws Exception {
        emulator.useScenario("generic");
        Session session = session(Endpoint.SMTPS, "mail.smtp.auth.mechanisms", "PLAIN");
        Transport.send(message(session, ADELE, "alex@contoso.com", "plain over 465"), ADELE, ADELE_PASSWORD);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
        SessionRecord record = last(Endpoint.SMTPS);
        assertThat(record.mechanism()).contains("PLAIN");
        assertThat(record.transcript()).anyMatch(l -> l.text().equals("250-AUTH LOGIN PLAIN XOAUTH2"));
    }

    @Test
    void genericAuthPlainWorksForPythonSmtplibOn465() throws Exception {
        ExternalClient.assumeInstalled("python3");
        emulator.useScenario("generic");
        // smtplib prefers PLAIN over LOGIN when the server offers both.
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "s = smtplib.SMTP_SSL(sys.argv[1], int(sys.argv[2]), timeout=10,",
                "    context=ssl.create_default_context(cafile=sys.argv[3]))",
                "s.ehlo()",
                "print('auth', s.esmtp_features['auth'].strip())",
                "s.login('adele@contoso.com', 'Passw0rd!adele')",
                "print('sent', s.sendmail('adele@contoso.com', ['alex@contoso.com'],",
                "    'From: adele@contoso.com\\r\\nTo: alex@contoso.com\\r\\nSubject: py\\r\\n\\r\\nHi.\\r\\n'))",
                "s.quit()");
        Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.SMTPS)), emulator.certificates().caPem().toString()), "");
        assertThat(result.output()).as(result.output()).contains("auth LOGIN PLAIN XOAUTH2", "sent {}");
        assertThat(last(Endpoint.SMTPS).mechanism()).contains("PLAIN");
    }

    @Test
    void basicAuthDisabledRefusesThePasswordButNotXoauth2() throws Exception {
        emulator.useScenario("basic-auth-disabled");
        assertLoginFails(ADELE, ADELE_PASSWORD,
                "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. " + trailerStart);
        emulator.tokens().register("scenario-token", ADELE);
        Session session = session(Endpoint.SUBMISSION, "mail.smtp.auth.mechanisms", "XOAUTH2");
        Transport.send(message(session, ADELE, "alex@contoso.com", "token"), ADELE, "scenario-token");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void smtpAuthDisabledForTheTenantRefusesTheLogin() throws Exception {
        emulator.useScenario("smtp-auth-disabled-for-tenant");
        assertLoginFails(ADELE, ADELE_PASSWORD, "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is"
                + " disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. "
                + trailerStart);
    }

    @Test
    void smtpAuthDisabledForTheMailboxRefusesAdeleButNotMegan() throws Exception {
        emulator.useScenario("smtp-auth-disabled-for-mailbox");
        assertLoginFails(ADELE, ADELE_PASSWORD, "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is"
                + " disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. "
                + trailerStart);
        Transport.send(message(session(Endpoint.SUBMISSION), "megan@contoso.com", "alex@contoso.com", "megan"),
                "megan@contoso.com", "Passw0rd!megan");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void securityDefaultsRefuseACorrectPassword() throws Exception {
        emulator.useScenario("security-defaults");
        assertLoginFails(ADELE, ADELE_PASSWORD, "535 5.7.139 Authentication unsuccessful, user is locked by your"
                + " organization's security defaults policy. Contact your administrator. " + trailerStart);
    }

    @ParameterizedTest(name = "[{index}] {0}: {2}")
    @CsvSource({"adele@contoso.com, Passw0rd!adele, refused", "alex@contoso.com, Passw0rd!alex, refused",
        "megan@contoso.com, Passw0rd!megan, accepted", "megan@contoso.com, qwrtzpmnbvcxlkjh, accepted"})
    void conditionalAccessCoversAdeleAndAlexButNotMegan(String user, String password, String outcome)
            throws Exception {
        emulator.useScenario("conditional-access-mfa");
        if (outcome.equals("refused")) {
            assertLoginFails(user, password, "535 5.7.139 Authentication unsuccessful, the request did not meet the"
                    + " criteria to be authenticated successfully. Contact your administrator. " + trailerStart);
            return;
        }
        Transport.send(message(session(Endpoint.SUBMISSION), user, "alex@contoso.com", "outside the policy"), user,
                password);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void basicAuthRetiredAnswersAuthLoginWith550Point7Point30AndKeepsXoauth2() throws Exception {
        emulator.useScenario("basic-auth-retired");
        assertLoginFails(ADELE, ADELE_PASSWORD, "550 5.7.30 Basic authentication is not supported for Client Submission.");
        assertThat(last(Endpoint.SUBMISSION).ruleIds()).containsExactly("smtp-basic-auth-retired");
        emulator.tokens().register("retired-token", ADELE);
        Session session = session(Endpoint.SUBMISSION, "mail.smtp.auth.mechanisms", "XOAUTH2");
        Transport.send(message(session, ADELE, "alex@contoso.com", "token"), ADELE, "retired-token");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void badCredentialsRefusesTheRightPasswordWith535Point7Point3() throws Exception {
        emulator.useScenario("bad-credentials");
        assertLoginFails(ADELE, ADELE_PASSWORD, "535 5.7.3 Authentication unsuccessful " + trailerStart);
        assertThat(last(Endpoint.SUBMISSION).ruleIds()).containsExactly("logon-failure");
    }

    @Test
    void sendAsDeniedAcceptsTheLoginsOwnAddressAndAliases() throws Exception {
        emulator.useScenario("sendas-denied");
        Session session = session(Endpoint.SUBMISSION);
        Transport.send(message(session, ADELE, "alex@contoso.com", "own address"), ADELE, ADELE_PASSWORD);
        Transport.send(message(session, "adele.vance@contoso.com", "alex@contoso.com", "alias"), ADELE,
                ADELE_PASSWORD);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(2);
        assertThat(last(Endpoint.SUBMISSION).firedRules()).isEmpty();
    }

    @Test
    void sendAsDeniedRefusesAFormerGrantAfterTheBodyWithTheCurrentText() throws Exception {
        emulator.useScenario("sendas-denied");
        // The default tenant grants adele SendAs on info@ and alex SendOnBehalf of megan@; the scenario
        // withdraws both, so the tenant's own check refuses them.
        MimeMessage asInfo = message(session(Endpoint.SUBMISSION), "info@contoso.com", "alex@contoso.com", "as info");
        assertThatThrownBy(() -> Transport.send(asInfo, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.252 SendAsDenied; adele@contoso.com not allowed to send as"
                        + " info@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException"
                        + ".MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with"
                        + " message [BeginDiagnosticData]Cannot submit message. 0.35250:1F009983,");
        assertThat(last(Endpoint.SUBMISSION).firedRules()).isEmpty();
        MimeMessage onBehalf = message(session(Endpoint.SUBMISSION), "megan@contoso.com", "adele@contoso.com",
                "for megan");
        assertThatThrownBy(() -> Transport.send(onBehalf, "alex@contoso.com", "Passw0rd!alex"))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.252 SendAsDenied; alex@contoso.com not allowed to send as"
                        + " megan@contoso.com;");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isZero();
        assertThat(emulator.store().open("adele@contoso.com").inbox().exists()).isZero();
    }

    @Test
    void sendAsDeniedHonoursAGrantMadeWhileItIsActive() throws Exception {
        emulator.useScenario("sendas-denied");
        emulator.tenant().updateMailbox("info@contoso.com", b -> b.sendAs(ADELE));
        Transport.send(message(session(Endpoint.SUBMISSION), "info@contoso.com", "alex@contoso.com", "granted"),
                ADELE, ADELE_PASSWORD);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void sendAsDeniedTakesTheLegacyTextFromARuleNamingLoginAndSender() throws Exception {
        // docs/scenarios.md: extend sendas-denied with a rule for the pair that should see the older form.
        emulator.useScenario(ScenarioLoader.parse("""
                name: sendas-denied-legacy
                extends: sendas-denied
                rules:
                  - id: info-legacy-form
                    when: { protocol: smtp, stage: message, user: adele@contoso.com, sender: info@contoso.com }
                    then: { preset: sendas-denied-legacy }
                """, "inline"));
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage asInfo = message(session, "info@contoso.com", "alex@contoso.com", "legacy");
        assertThatThrownBy(() -> Transport.send(asInfo, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException"
                        + ".MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with"
                        + " message Cannot submit message. " + trailerStart);
        Transport.send(message(session, ADELE, "alex@contoso.com", "own address"), ADELE, ADELE_PASSWORD);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void sendAsDeniedAtMailFromTakesThe550Point7Point60Form() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: sendas-denied-at-mail-from
                extends: office365
                rules:
                  - id: sendas-mail-from
                    when: { protocol: smtp, stage: mail-from }
                    then: { preset: sendas-denied-mail-from }
                """, "inline"));
        MimeMessage message = message(session(Endpoint.SUBMISSION), ADELE, "alex@contoso.com", "mail from");
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("550 5.7.60 SMTP; Client does not have permissions to send as this sender");
    }

    @Test
    void clientNotAuthenticatedRefusesMailFromAfterASuccessfulLogin() throws Exception {
        emulator.useScenario("client-not-authenticated");
        MimeMessage message = message(session(Endpoint.SUBMISSION), ADELE, "alex@contoso.com", "530");
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("530 5.7.57 Client not authenticated to send mail. " + trailerStart);
        assertThat(last(Endpoint.SUBMISSION).user()).contains(ADELE);
    }

    @Test
    void starttlsRequiredRefusesMailFromInPlainText() throws Exception {
        emulator.useScenario("starttls-required");
        Session session = session(Endpoint.SUBMISSION, "mail.smtp.starttls.enable", "false",
                "mail.smtp.starttls.required", "false", "mail.smtp.auth", "false");
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "plain");
        assertThatThrownBy(() -> Transport.send(message))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("451 5.7.3 STARTTLS is required to send mail " + trailerStart);
        assertThat(last(Endpoint.SUBMISSION).ruleIds()).containsExactly("starttls-required");
    }

    @Test
    void legacyTlsRejectedAnswersAuthWith421AndCloses() throws Exception {
        emulator.useScenario("legacy-tls-rejected");
        assertLoginFails(ADELE, ADELE_PASSWORD, "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update"
                + " your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls. [" + emulator.identity().fqdn()
                + "]");
    }

    @Test
    void port587BlockedLetsTheConnectTimeOut() throws Exception {
        emulator.useScenario("port-587-blocked");
        MimeMessage message = message(session(Endpoint.SUBMISSION), ADELE, "alex@contoso.com", "firewalled");
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(MailConnectException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void submissionThrottledAnswersMailFromWith432Point3Point2() throws Exception {
        emulator.useScenario("submission-throttled");
        MimeMessage message = message(session(Endpoint.SUBMISSION), ADELE, "alex@contoso.com", "throttled");
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname="
                        + emulator.identity().fqdn() + "]");
    }

    @Test
    void dailyRecipientLimitRefusesTheMessageAfterTheTenth() throws Exception {
        emulator.useScenario("daily-recipient-limit");
        Session session = session(Endpoint.SUBMISSION);
        MimeMessage ten = message(session, ADELE, "alex@contoso.com", "ten");
        ten.setRecipients(Message.RecipientType.TO, "alex@contoso.com, megan@contoso.com, r3@contoso.com,"
                + " r4@contoso.com, r5@contoso.com, r6@contoso.com, r7@contoso.com, r8@contoso.com, r9@contoso.com,"
                + " r10@contoso.com");
        Transport.send(ten, ADELE, ADELE_PASSWORD);
        MimeMessage eleventh = message(session, ADELE, "alex@contoso.com", "eleventh");
        assertThatThrownBy(() -> Transport.send(eleventh, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void mailboxFullRefusesTheMessageAfterTheBody() throws Exception {
        emulator.useScenario("mailbox-full");
        MimeMessage message = message(session(Endpoint.SUBMISSION), ADELE, "alex@contoso.com", "full");
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException"
                        + ".MapiExceptionShutoffQuotaExceeded " + trailerStart);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isZero();
    }

    @Test
    void messageTooLargeRefusesAMessageAboveOneMegabyteAfterTheBody() throws Exception {
        emulator.useScenario("message-too-large");
        // A longer read timeout than elsewhere: with Netty's paranoid leak detection (the test setting)
        // the server needs seconds to decrypt and count 1.1 MB, and the reply comes only after the body
        // (15 s once ran out with the machine's two cores shared by parallel builds).
        Session session = session(Endpoint.SUBMISSION, "mail.smtp.timeout", "60000");
        MimeMessage message = message(session, ADELE, "alex@contoso.com", "large");
        // Short lines, so that the body goes out as it is (7bit), 1.1 MB.
        message.setText(("x".repeat(68) + "\r\n").repeat(16_000));
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("554 5.2.0 STOREDRV.Submission.Exception:MessageSubmissionExceededException"
                        + ".MapiExceptionMaxSubmissionExceeded; Failed to process message due to a permanent exception"
                        + " with message [BeginDiagnosticData]Message size exceeds maximum size limit.");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isZero();
    }

    @Test
    void serverBusyRefusesThreeTimesThenARetryGetsThrough() throws Exception {
        emulator.useScenario("server-busy");
        Session session = session(Endpoint.SUBMISSION);
        int attempts = 0;
        boolean sent = false;
        // What a client's retry loop does with a transient 4xx: try again (here without back-off).
        while (!sent && attempts < 5) {
            attempts++;
            try {
                Transport.send(message(session, ADELE, "alex@contoso.com", "retry " + attempts), ADELE, ADELE_PASSWORD);
                sent = true;
            } catch (SendFailedException busy) {
                assertThat(busy).hasMessageContaining("451 4.7.500 Server busy. Please try again later from"
                        + " [127.0.0.1]. (AS77712344) [" + emulator.identity().fqdn() + "]");
            }
        }
        assertThat(sent).isTrue();
        assertThat(attempts).isEqualTo(4);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    private static void assertLoginFails(String user, String password, String expected) throws Exception {
        try (Transport transport = session(Endpoint.SUBMISSION).getTransport("smtp")) {
            assertThatThrownBy(() -> transport.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), user, password))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageStartingWith(expected);
        }
    }

    private static Session session(Endpoint endpoint, String... extra) {
        return session(emulator, endpoint, extra);
    }

    static Session session(EmulatorExtension emulator, Endpoint endpoint, String... extra) {
        // Short timeouts: the firewalled ports time out by design; the caller's extras still win.
        String[] all = new String[extra.length + 4];
        all[0] = "mail.smtp.connectiontimeout";
        all[1] = "1000";
        all[2] = "mail.smtp.timeout";
        all[3] = "2000";
        System.arraycopy(extra, 0, all, 4, extra.length);
        return AngusSmtp.session(emulator, endpoint, all);
    }

    static MimeMessage message(Session session, String from, String to, String subject) throws MessagingException {
        return AngusSmtp.message(session, from, to, subject);
    }

    private static SessionRecord last(Endpoint endpoint) {
        List<SessionRecord> sessions = emulator.journal().sessions(s -> s.endpoint() == endpoint);
        return sessions.get(sessions.size() - 1);
    }
}
