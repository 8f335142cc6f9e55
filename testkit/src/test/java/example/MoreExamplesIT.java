package example;

import static dev.o365emulator.testkit.O365Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.testkit.O365Emulator;
import dev.o365emulator.testkit.O365EmulatorExtension;
import dev.o365emulator.testkit.Reset;
import dev.o365emulator.testkit.Scenario;
import dev.o365emulator.testkit.TestClock;
import dev.o365emulator.testkit.TestUsers;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shorter examples of docs/testing.md, each between its docs:begin and docs:end, run here. */
class MoreExamplesIT {

    private static final TestClock testClock = TestClock.at(Instant.now());

    // docs:begin programmatic
    @RegisterExtension
    static O365EmulatorExtension emulator = O365EmulatorExtension.builder()
            .endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS)
            .reset(Reset.BEFORE_EACH)
            .configure(b -> b.clock(testClock).imapAutoLogout(Duration.ofMinutes(5)))
            .build();
    // docs:end

    private static MimeMessage invoice(Session session, String from) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, "team@contoso.com");
        message.setSubject("Stand-up moved");
        message.setText("10:30 today.");
        return message;
    }

    @Test
    void signsInWithAnAccessToken() throws Exception {
        // docs:begin oauth
        String token = emulator.accessToken("megan@contoso.com");
        Session session = emulator.mail().oauthSession(Endpoint.SUBMISSION);
        MimeMessage message = invoice(session, "megan@contoso.com");   // … build the message …
        Transport.send(message, "megan@contoso.com", token);
        assertThat(emulator.sessions().all().get(0)).authenticatedWith("XOAUTH2");
        // docs:end
        assertThat(emulator.awaitMessages("alex@contoso.com", 1, Duration.ofSeconds(5)).get(0))
                .hasSubject("Stand-up moved");
    }

    @Test
    @Scenario("smtp-auth-disabled-for-tenant")
    void explainsWhatToDoWhenSmtpAuthIsOff(O365Emulator emulator) throws Exception {
        // docs:begin scenario
        Session session = emulator.mail().session(Endpoint.SUBMISSION);
        assertThatThrownBy(() -> Transport.send(invoice(session, "adele@contoso.com"), TestUsers.ADELE.address(),
                TestUsers.ADELE.password())).isInstanceOf(AuthenticationFailedException.class);
        assertThat(emulator.sessions().all().get(0)).repliedTo("AUTH", "535 5.7.139")
                .hasTranscriptLineStartingWith("S: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication"
                        + " is disabled for the Tenant.");
        // docs:end
    }

    @Test
    void aScenarioSwitchedInOneTestIsGoneInTheNext() {
        // docs:begin switch
        emulator.useScenario("port-587-blocked");   // for this test only: the next one starts with the class's
        // docs:end
        org.assertj.core.api.Assertions.assertThat(emulator.server().scenario().active().name())
                .isEqualTo("port-587-blocked");
    }
}
