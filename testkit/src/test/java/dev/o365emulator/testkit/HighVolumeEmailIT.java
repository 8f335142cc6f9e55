package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/** The testkit with the {@code high-volume-email} scenario: the {@code hve} endpoint and its accounts. */
@O365EmulatorTest(scenario = "high-volume-email")
class HighVolumeEmailIT {

    @Test
    void theScenarioStartsHveAndItsAccountSendsInsideTheTenant(O365Emulator emulator) throws Exception {
        assertThat(emulator.server().endpoints()).contains(Endpoint.HVE, Endpoint.SUBMISSION);
        MimeMessage message = new MimeMessage(emulator.mail().session(Endpoint.HVE));
        message.setFrom(TestUsers.HVE_NOTIFICATIONS.address());
        message.setRecipients(Message.RecipientType.TO, TestUsers.ALEX.address());
        message.setSubject("Build finished");
        message.setText("All green.");
        Transport.send(message, TestUsers.HVE_NOTIFICATIONS.address(), TestUsers.HVE_NOTIFICATIONS.password());

        assertThat(emulator.mailbox(TestUsers.ALEX.address()).inbox()).singleElement()
                .satisfies(m -> assertThat(m.subject()).isEqualTo("Build finished"));
        assertThat(emulator.server().sessions().all()).anySatisfy(s -> {
            assertThat(s.endpoint()).isEqualTo(Endpoint.HVE);
            assertThat(s.user()).contains(TestUsers.HVE_NOTIFICATIONS.address());
        });
    }
}
