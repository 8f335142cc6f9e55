package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.BasicAuthSmtpSubmission;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.time.LocalDate;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Direct Send on the MX and the phases of basic authentication for SMTP client submission, as Angus
 * Mail sees them: the exception and Office 365's text, per protocol.
 */
class DirectSendAndTimelineIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String PASSWORD = DefaultTenant.ADELE_PASSWORD;

    @Test
    void directSendIsDeliveredUntilTheBuiltInRejectsIt() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(java.util.Set.of(Endpoint.SMTP)).start()) {
            Session mx = AngusSmtp.session(emulator, Endpoint.SMTP, "mail.smtp.auth", "false",
                    "mail.smtp.starttls.required", "false");
            Transport.send(AngusSmtp.message(mx, "scanner@contoso.com", ADELE, "scan 1"));
            assertThat(emulator.store().open(ADELE).inbox().exists()).isEqualTo(1);

            emulator.useScenario("direct-send-rejected");
            assertThatThrownBy(() -> Transport.send(AngusSmtp.message(mx, "scanner@contoso.com", ADELE, "scan 2")))
                    .isInstanceOf(SendFailedException.class)
                    .satisfies(e -> assertThat(((SendFailedException) e).getNextException()).hasMessageStartingWith(
                            "550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization"
                                    + " from unauthorized sources ["));
            // Mail from another organization still arrives.
            Transport.send(AngusSmtp.message(mx, "news@example.org", ADELE, "newsletter"));
            assertThat(emulator.store().open(ADELE).inbox().exists()).isEqualTo(2);
        }
    }

    @Test
    void withoutADateBasicAuthIsAllowedWhateverTheClockSays() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(java.util.Set.of(Endpoint.SUBMISSION))
                .clock(java.time.Clock.fixed(java.time.Instant.parse("2027-06-01T00:00:00Z"), java.time.ZoneOffset.UTC))
                .start()) {
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), ADELE, ADELE, "t"),
                    ADELE, PASSWORD);
            assertThat(emulator.tenant().smtpSubmissionPhase()).isEqualTo(BasicAuthSmtpSubmission.ALLOWED);
        }
    }

    @Test
    void asOfTheLastDayOfDecember2026BasicAuthStillWorks() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(java.util.Set.of(Endpoint.SUBMISSION))
                .asOf(LocalDate.parse("2026-12-31")).start()) {
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), ADELE, ADELE, "t"),
                    ADELE, PASSWORD);
            assertThat(emulator.store().open(ADELE).inbox().exists()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGIN", "PLAIN"})
    void asOf2027APasswordAuthIsRefusedAsDisabledByDefaultAndTheAdminCanReEnableIt(String mechanism)
            throws Exception {
        try (Emulator emulator = Emulator.builder().asOf(LocalDate.parse("2027-01-01")).start()) {
            // PLAIN is offered only by a tenant that allows it; the refusal comes before the password either way.
            emulator.tenant().update(b -> b.smtpAuthPlainAllowed(true));
            assertSmtpLoginFails(emulator, mechanism,
                    "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [");
            assertImapAndPopStillAcceptThePassword(emulator);
            emulator.tenant().update(b -> b.basicAuthSmtpSubmission(BasicAuthSmtpSubmission.ALLOWED));
            Transport.send(AngusSmtp.message(smtp(emulator, mechanism), ADELE, ADELE, "re-enabled"), ADELE, PASSWORD);
        }
    }

    @Test
    void theDisabledByDefaultBuiltInRefusesLoginButNotXoauth2() throws Exception {
        try (Emulator emulator = Emulator.builder().scenario("basic-auth-disabled-by-default").start()) {
            assertSmtpLoginFails(emulator, "LOGIN",
                    "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [");
            emulator.tokens().register("token-2027", ADELE);
            Transport.send(AngusSmtp.message(smtp(emulator, "XOAUTH2"), ADELE, ADELE, "token"), ADELE, "token-2027");
            assertThat(emulator.store().open(ADELE).inbox().exists()).isEqualTo(1);
            assertImapAndPopStillAcceptThePassword(emulator);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGIN", "PLAIN"})
    void retiredAnswers550Point7Point30AndKeepsXoauth2(String mechanism) throws Exception {
        try (Emulator emulator = Emulator.builder().asOf(LocalDate.parse("2025-06-01")).start()) {
            emulator.tenant().update(b -> b.smtpAuthPlainAllowed(true)
                    .basicAuthSmtpSubmission(BasicAuthSmtpSubmission.RETIRED));
            assertSmtpLoginFails(emulator, mechanism,
                    "550 5.7.30 Basic authentication is not supported for Client Submission.");
            emulator.tokens().register("token-retired", ADELE);
            Transport.send(AngusSmtp.message(smtp(emulator, "XOAUTH2"), ADELE, ADELE, "token"), ADELE,
                    "token-retired");
            assertImapAndPopStillAcceptThePassword(emulator);
        }
    }

    private static Session smtp(Emulator emulator, String mechanism) {
        return AngusSmtp.session(emulator, Endpoint.SUBMISSION, "mail.smtp.auth.mechanisms", mechanism);
    }

    private static void assertSmtpLoginFails(Emulator emulator, String mechanism, String expected) throws Exception {
        try (Transport transport = smtp(emulator, mechanism).getTransport("smtp")) {
            assertThatThrownBy(() -> transport.connect("127.0.0.1", emulator.port(Endpoint.SUBMISSION), ADELE,
                    PASSWORD)).isInstanceOf(AuthenticationFailedException.class).hasMessageStartingWith(expected);
        }
    }

    /** The knob concerns SMTP client submission only. */
    private static void assertImapAndPopStillAcceptThePassword(Emulator emulator) throws Exception {
        for (String protocol : new String[] {"imaps", "pop3s"}) {
            Endpoint endpoint = protocol.equals("imaps") ? Endpoint.IMAPS : Endpoint.POP3S;
            Properties props = new Properties();
            String p = "mail." + protocol + ".";
            props.put(p + "ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
            props.put(p + "connectiontimeout", "5000");
            props.put(p + "timeout", "5000");
            try (Store store = Session.getInstance(props).getStore(protocol)) {
                store.connect("127.0.0.1", emulator.port(endpoint), ADELE, PASSWORD);
                assertThat(store.isConnected()).as(protocol).isTrue();
            }
        }
    }
}
