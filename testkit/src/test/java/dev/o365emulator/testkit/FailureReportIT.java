package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.o365emulator.server.Endpoint;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** What a failing assertion tells its reader, seen as JUnit reports it. */
class FailureReportIT {

    @O365EmulatorTest(endpoints = Endpoint.SUBMISSION)
    static class ExpectsTheWrongReply {
        @Test
        void sendsAndExpectsARefusal(O365Emulator emulator) throws Exception {
            Session session = emulator.mail().session(Endpoint.SUBMISSION);
            MimeMessage message = new MimeMessage(session);
            message.setFrom("adele@contoso.com");
            message.setRecipients(Message.RecipientType.TO, "alex@contoso.com");
            message.setSubject("Hello");
            message.setText("Hi");
            Transport.send(message, TestUsers.ADELE.address(), TestUsers.ADELE.password());
            O365Assertions.assertThat(emulator.sessions().all().get(0)).repliedTo("MAIL FROM", "530 5.7.57");
        }
    }

    @Test
    void aFailedSessionAssertionShowsTheRepliesAndTheTranscript() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ExpectsTheWrongReply.class))
                .execute().testEvents();
        tests.assertStatistics(s -> s.failed(1));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected <MAIL FROM> to be answered with <530 5.7.57>")
                .hasMessageContaining("but the replies were [250 2.1.0 Sender OK]")
                .hasMessageContaining("C: AUTH LOGIN")
                .hasMessageContaining("C: ****")
                .hasMessageContaining("S: 235 2.7.0 Authentication successful")
                .hasMessageContaining("C: MAIL FROM:<adele@contoso.com>");
    }
}
