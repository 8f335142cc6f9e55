package example;

import static dev.o365emulator.testkit.O365Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.testkit.O365Emulator;
import dev.o365emulator.testkit.O365EmulatorTest;
import dev.o365emulator.testkit.ReceivedMessage;
import dev.o365emulator.testkit.TestUsers;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@O365EmulatorTest
class GettingStartedIT {

    @Test
    void sendsAnInvoiceThroughOffice365(O365Emulator emulator) throws Exception {
        // configure: Alex must not receive more than 10 MB (a mailbox knob of the tenant)
        emulator.tenant().updateMailbox("alex@contoso.com", m -> m.maxReceiveSize(10L * 1024 * 1024));

        // exercise: what an application does with Jakarta Mail
        Session session = emulator.mail().session(Endpoint.SUBMISSION);
        MimeMessage message = new MimeMessage(session);
        message.setFrom("adele@contoso.com");
        message.setRecipients(Message.RecipientType.TO, "alex@contoso.com");
        message.setSubject("Invoice 42");
        message.setText("Please find the invoice attached.");
        Transport.send(message, TestUsers.ADELE.address(), TestUsers.ADELE.password());

        // verify: the message, the Sent Items copy, and the session
        ReceivedMessage received = emulator.awaitMessages("alex@contoso.com", 1, Duration.ofSeconds(5)).get(0);
        assertThat(received).isFrom("adele@contoso.com").hasSubject("Invoice 42")
                .hasTextContaining("invoice attached");
        assertThat(emulator.mailbox("adele@contoso.com")).hasSentItemsCount(1);
        assertThat(emulator.sessions().all().get(0)).negotiatedTlsAtLeast12()
                .authenticatedAs("adele@contoso.com").authenticatedWith("LOGIN")
                .repliedTo("MAIL FROM", "250 2.1.0 Sender OK");
        assertThat(emulator.sessions()).hasNoProtocolErrors();
    }
}
