package dev.o365emulator.server.internal.fault;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The SMTP session reports each of its stages to the fault plan: what a client observes when a rule
 * fires at {@code starttls}, {@code auth}, {@code command}, {@code mail-from}, {@code rcpt-to},
 * {@code message} and {@code logout}, and the rule ids in the journal.
 */
class SmtpStageFaultsIT {

    private static final String ADELE = "adele@contoso.com";
    private static final String ADELE_PASSWORD = "Passw0rd!adele";

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SUBMISSION));

    @Test
    void tlsHandshakeFailureAtStartTlsFailsAngusAfterTheGoAhead() {
        use("""
                - id: broken-tls
                  when: { protocol: smtp, stage: starttls }
                  then: { fault: tls-handshake-failure }
                """);
        MimeMessage message = message();
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("Could not convert socket to TLS")
                .hasRootCauseInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessageContaining("handshake_failure");
        SessionRecord record = last();
        assertThat(record.ruleIds()).containsExactly("broken-tls");
        assertThat(record.transcript()).extracting(TranscriptLine::text).contains("220 2.0.0 SMTP server ready");
    }

    @Test
    void aDelayedRecipientIsAcceptedLaterAndPipelinedCommandsWaitTheirTurn() throws Exception {
        use("""
                - id: slow-rcpt
                  when: { protocol: smtp, stage: rcpt-to, recipient: alex@contoso.com }
                  then: { delay: { millis: 300 } }
                """);
        long start = System.nanoTime();
        Transport.send(message(), ADELE, ADELE_PASSWORD);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
        assertThat(last().ruleIds()).containsExactly("slow-rcpt");
        assertThat(last().transcript()).extracting(TranscriptLine::text)
                .anyMatch(l -> l.contains("scenario rule slow-rcpt fired: at rcpt-to RCPT, delay 300 ms"));
    }

    @Test
    void connectionResetAtTheMessageIsASocketExceptionAndNothingIsDelivered() {
        use("""
                - id: reset-at-dot
                  when: { protocol: smtp, stage: message }
                  then: { fault: connection-reset }
                """);
        MimeMessage message = message();
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasRootCauseInstanceOf(SocketException.class);
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isZero();
        assertThat(last().ruleIds()).containsExactly("reset-at-dot");
    }

    @Test
    void aRuleAtTheAuthStageSeesTheMechanismAndTheUser() throws Exception {
        use("""
                - id: megan-only
                  when: { protocol: smtp, stage: auth, mechanism: LOGIN, user: megan@contoso.com }
                  then: { preset: bad-credentials }
                """);
        Transport.send(message(), ADELE, ADELE_PASSWORD);
        assertThat(last().ruleIds()).isEmpty();
        assertThatThrownBy(() -> Transport.send(message(), "megan@contoso.com", "Passw0rd!megan"))
                .isInstanceOf(jakarta.mail.AuthenticationFailedException.class)
                .hasMessageStartingWith("535 5.7.3 Authentication unsuccessful [" + emulator.identity().fqdn());
        assertThat(last().ruleIds()).containsExactly("megan-only");
    }

    @Test
    void everyOtherCommandIsReportedAtTheCommandStage() throws Exception {
        use("""
                - id: noop-refused
                  when: { protocol: smtp, stage: command, command: NOOP }
                  then: { reply: { code: 421, enhanced: 4.3.2, text: "Service not available, closing transmission channel" }, fault: close }
                """);
        try (LineClient c = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            c.readSmtpReply();
            c.send("EHLO client.example");
            assertThat(c.readSmtpReply()).last().asString().startsWith("250 ");
            c.send("NOOP");
            assertThat(c.readSmtpReply()).containsExactly(
                    "421 4.3.2 Service not available, closing transmission channel");
            assertThat(c.isClosedByServer()).isTrue();
        }
        assertThat(last().ruleIds()).containsExactly("noop-refused");
    }

    @Test
    void aStallAtMailFromTimesOutTheClientsRead() {
        use("""
                - id: stall-mail
                  when: { protocol: smtp, stage: mail-from, sender: "adele@*" }
                  then: { fault: stall }
                """);
        MimeMessage message = message();
        assertThatThrownBy(() -> Transport.send(message, ADELE, ADELE_PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class);
        assertThat(last().ruleIds()).containsExactly("stall-mail");
    }

    @Test
    void aRuleAtLogoutReplacesTheClosingReply() throws Exception {
        use("""
                - id: quit-reset
                  when: { protocol: smtp, stage: logout }
                  then: { fault: connection-reset }
                """);
        try (LineClient c = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            c.readSmtpReply();
            c.send("QUIT");
            assertThatThrownBy(c::readLine).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
        assertThat(last().ruleIds()).containsExactly("quit-reset");
    }

    private static void use(String rules) {
        emulator.useScenario(ScenarioLoader.parse("name: stage-test\nextends: office365\nrules:\n"
                + rules.indent(2), "inline"));
    }

    private static MimeMessage message() {
        try {
            Session session = SmtpBuiltInScenariosIT.session(emulator, Endpoint.SUBMISSION);
            return SmtpBuiltInScenariosIT.message(session, ADELE, "alex@contoso.com", "stage");
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static SessionRecord last() {
        List<SessionRecord> sessions = emulator.journal().sessions(s -> s.endpoint() == Endpoint.SUBMISSION);
        return sessions.get(sessions.size() - 1);
    }
}
