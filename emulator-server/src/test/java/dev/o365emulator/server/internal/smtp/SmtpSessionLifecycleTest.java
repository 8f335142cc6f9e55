package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.o365emulator.server.Endpoint;
import org.junit.jupiter.api.Test;

/** The session's beginning and end, including connections that end before the session begins. */
class SmtpSessionLifecycleTest {

    @Test
    void aConnectionAGreetingRuleEndsClosesWithoutTheSessionEverStarting() {
        SmtpChannel smtp = new SmtpChannel(Endpoint.SUBMISSION, """
                  - when: { stage: greeting }
                    then: { reply: { code: 421, enhanced: 4.3.2, text: "Service not available" } }
                """, null, true);

        assertThat(smtp.banner).isEqualTo("421 4.3.2 Service not available\r\n");
        smtp.channel.runPendingTasks();
        assertThat(smtp.channel.isOpen()).isFalse();
        assertThatCode(smtp.channel::checkException).doesNotThrowAnyException();
        smtp.close();
    }

    @Test
    void aGreetingRulesDelayHoldsTheBannerAndTheCommandsSentMeanwhile() {
        SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP, """
                  - when: { stage: greeting }
                    then: { delay: { millis: 300 } }
                """, null, true);
        assertThat(smtp.banner).isEmpty();
        assertThat(smtp.send("NOOP\r\n")).isEmpty();

        assertThat(smtp.elapse(300)).startsWith("220 ").endsWith("\r\n250 2.0.0 OK\r\n");
        smtp.close();
    }
}
