package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * Which check answers first when a command breaks more than one rule: the command stage before the
 * state, the checks Exchange makes before the state (STARTTLS once TLS is on), the state before the
 * arguments, and a BDAT's refusal after its chunk.
 */
class SmtpCommandOrderTest {

    @Test
    void startTlsOnceTlsIsOnIsAnUnknownVerbEvenBeforeEhlo() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTPS)) {
            assertThat(smtp.send("STARTTLS\r\n")).isEqualTo("500 5.3.3 Unrecognized command 'STARTTLS'\r\n");
        }
    }

    @Test
    void startTlsWithAnArgumentIsABadArgumentEvenBeforeEhlo() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SUBMISSION)) {
            assertThat(smtp.send("STARTTLS now\r\n")).isEqualTo("501 5.5.4 Invalid arguments\r\n");
            assertThat(smtp.send("STARTTLS\r\n")).startsWith("503 5.5.2 Send hello first [");
        }
    }

    @Test
    void authInsideAnInboundTransactionIsAnsweredForTheMissingTlsFirst() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP)) {
            smtp.send("EHLO mta.example.org\r\nMAIL FROM:<a@example.org>\r\n");
            assertThat(smtp.send("AUTH LOGIN\r\n")).startsWith("504 5.7.4 Unrecognized authentication type [");
        }
    }

    @Test
    void mailInsideATransactionNamesTheSenderAlreadyGivenBeforeItsArgumentIsRead() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP)) {
            smtp.send("EHLO mta.example.org\r\nMAIL FROM:<a@example.org>\r\n");
            assertThat(smtp.send("MAIL FROM:not-a-path\r\n")).isEqualTo("503 5.5.2 Sender already specified\r\n");
        }
    }

    @Test
    void aRuleOnACommandFiresEvenWhenTheCommandIsOutOfSequence() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP, """
                  - when: { stage: command, command: DATA }
                    then: { reply: { code: 451, enhanced: 4.7.0, text: "Temporary server error" } }
                """, null)) {
            smtp.send("EHLO mta.example.org\r\n");
            assertThat(smtp.send("DATA\r\n")).isEqualTo("451 4.7.0 Temporary server error\r\n");
            assertThat(smtp.record.firedRules()).hasSize(1);
        }
    }

    @Test
    void aRcptWithoutATransactionIsRefusedWithoutAskingTheRcptStage() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP, """
                  - when: { stage: rcpt-to }
                    then: { reply: { code: 451, text: "never" } }
                """, null)) {
            smtp.send("EHLO mta.example.org\r\n");
            assertThat(smtp.send("RCPT TO:<adele@contoso.com>\r\n")).isEqualTo("503 5.5.2 Need mail command\r\n");
            assertThat(smtp.record.firedRules()).isEmpty();
        }
    }

    @Test
    void aBdatOutOfSequenceIsAnsweredOnceItsChunkHasBeenRead() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP)) {
            smtp.send("EHLO mta.example.org\r\nMAIL FROM:<a@example.org>\r\n");
            assertThat(smtp.send("BDAT 10 LAST\r\nhello")).isEmpty();
            assertThat(smtp.send("world")).isEqualTo("503 5.5.2 Need rcpt command\r\n");
            assertThat(smtp.send("NOOP\r\n")).isEqualTo("250 2.0.0 OK\r\n");
        }
    }
}
