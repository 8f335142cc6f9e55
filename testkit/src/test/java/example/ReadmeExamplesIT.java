package example;

import static dev.o365emulator.testkit.O365Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.testkit.O365Emulator;
import dev.o365emulator.testkit.O365EmulatorTest;
import dev.o365emulator.testkit.Scenario;
import dev.o365emulator.testkit.TestUsers;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The README's in-process and JUnit examples, each between its docs:begin and docs:end, run here. */
@O365EmulatorTest
class ReadmeExamplesIT {

    /** The code under test of the README's example: an application that mails invoices. */
    static final class InvoiceMailer {
        private final Session session;

        InvoiceMailer(Session session) {
            this.session = session;
        }

        void send(String to) throws Exception {
            MimeMessage message = new MimeMessage(session);
            message.setFrom("adele@contoso.com");
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSubject("Invoice 42");
            message.setText("Please find the invoice attached.");
            Transport.send(message, TestUsers.ADELE.address(), TestUsers.ADELE.password());
        }
    }

    @Test
    void inProcess() throws Exception {
        // docs:begin in-process
        try (Emulator emulator = Emulator.builder().ports(PortPlan.ephemeral()).start()) {   // 127.0.0.1
            int port = emulator.port(Endpoint.SUBMISSION);
            SSLContext trust = emulator.trust().sslContext();
            // … drive a client …
            var sessions = emulator.sessions().all();   // every connection, with its transcript
        }
        // docs:end
        try (Emulator emulator = Emulator.builder().ports(PortPlan.ephemeral()).start();
                Socket socket = new Socket("127.0.0.1", emulator.port(Endpoint.SUBMISSION))) {
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().readAllBytes();
            dev.o365emulator.server.journal.Session s = emulator.sessions().all().get(0);
            assertThat(s).hasTranscriptLine("C: QUIT");
        }
    }

    // docs:begin junit
    @Test
    void sendsTheInvoice(O365Emulator emulator) throws Exception {
        Session session = emulator.mail().session(Endpoint.SUBMISSION);   // STARTTLS, CA trusted
        new InvoiceMailer(session).send("alex@contoso.com");               // the code under test
        assertThat(emulator.awaitMessages("alex@contoso.com", 1, Duration.ofSeconds(5)).get(0))
                .isFrom("adele@contoso.com").hasSubject("Invoice 42");
        assertThat(emulator.sessions().all().get(0)).negotiatedTlsAtLeast12().authenticatedWith("LOGIN");
    }

    @Test
    @Scenario("smtp-auth-disabled-for-tenant")
    void explainsSmtpAuthDisabled(O365Emulator emulator) {
        Session session = emulator.mail().session(Endpoint.SUBMISSION);
        assertThatThrownBy(() -> new InvoiceMailer(session).send("alex@contoso.com"))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535 5.7.139");
    }
    // docs:end
}
