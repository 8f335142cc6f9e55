package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Severity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Findings in the testkit: the session assertions and {@code failOnFindings}. */
class FindingsTest {

    /** A client that offers AUTH before STARTTLS, on a raw socket. */
    static void authBeforeStartTls(O365Emulator emulator) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", emulator.emulator().port(Endpoint.SUBMISSION))) {
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            in.readLine();
            out.write("EHLO app.example\r\n");
            out.flush();
            String line;
            while ((line = in.readLine()) != null && line.startsWith("250-")) {
                // the rest of the EHLO list
            }
            out.write("AUTH LOGIN\r\nQUIT\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("504 5.7.4");
            in.readLine();
        }
    }

    @O365EmulatorTest(endpoints = Endpoint.SUBMISSION, failOnFindings = Severity.ERROR)
    static class FailsOnErrors {
        @Test
        void authenticatesBeforeStartTls(O365Emulator emulator) throws Exception {
            authBeforeStartTls(emulator);
        }

        @Test
        void sendsWithOAuthOverStartTls(O365Emulator emulator) throws Exception {
            jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(
                    emulator.mail().oauthSession(Endpoint.SUBMISSION));
            message.setFrom("adele@contoso.com");
            message.setRecipients(jakarta.mail.Message.RecipientType.TO, "alex@contoso.com");
            message.setSubject("Hello");
            message.setText("Hi");
            jakarta.mail.Transport.send(message, "adele@contoso.com", emulator.accessToken("adele@contoso.com"));
        }
    }

    @Test
    void failOnFindingsFailsTheTestWhoseClientDidWrongAndOnlyIt() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailsOnErrors.class))
                .execute().testEvents();
        tests.assertStatistics(s -> s.succeeded(1).failed(1));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("! ERROR auth-before-starttls: Send STARTTLS after EHLO");
    }

    @O365EmulatorTest(endpoints = Endpoint.SUBMISSION)
    static class Asserts {
        @Test
        void theFindingIsThereAndHasNoFindingsSaysWhichOnes(O365Emulator emulator) throws Exception {
            authBeforeStartTls(emulator);
            var session = emulator.sessions().get(0);
            O365Assertions.assertThat(session).hasFinding("auth-before-starttls");
            O365Assertions.assertThat(session).hasNoFindings();
        }
    }

    @Test
    void hasFindingPassesAndHasNoFindingsFailsListingTheFinding() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Asserts.class)).execute().testEvents();
        tests.assertStatistics(s -> s.failed(1));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have no findings but it has:")
                .hasMessageContaining("auth-before-starttls")
                .hasMessageNotContaining("to have the finding");
    }
}
