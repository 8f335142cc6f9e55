package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.FiredRule;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-process example of docs/scenarios.md, between its docs:begin and docs:end, run here. */
class ScenarioExamplesIT {

    private Emulator started;

    @AfterEach
    void closeWhatTheExampleStarted() {
        if (started != null) {
            started.close();
        }
    }

    @Test
    void switchesScenariosWhileRunningAndReadsWhatFired() throws Exception {
        String text = """
                name: busy-once
                rules:
                  - id: busy
                    when: { protocol: smtp, stage: mail-from, times: 1 }
                    then: { preset: server-busy }
                """;
        Map<String, Long> hits;
        // docs:begin in-process
        Emulator emulator = Emulator.builder().scenario("generic").start();
        emulator.scenario().use(ScenarioLoader.parse(text, "inline"));   // switch while running
        // docs:hide
        started = emulator;
        assertThat(emulator.scenario().active().name()).isEqualTo("busy-once");
        assertThat(mailFrom(emulator)).startsWith("451 4.7.500 Server busy.");
        hits = emulator.scenario().hits();
        // docs:show
        emulator.scenario().use("sendas-denied");                       // by name or path
        emulator.scenario().resetState();                               // counters and state back to the start
        emulator.tenant().reset();                                      // the tenant back to the scenario's
        emulator.scenario().hits();                                     // how often each rule fired
        emulator.sessions().all().get(0).firedRules();                  // which rules fired on a connection
        // docs:end
        assertThat(hits).containsEntry("busy", 1L);
        assertThat(emulator.scenario().active().name()).isEqualTo("sendas-denied");
        assertThat(emulator.scenario().hits()).isEmpty();
        assertThat(emulator.sessions().all().get(0).firedRules()).extracting(FiredRule::rule).containsExactly("busy");
    }

    /** One MAIL FROM on port 25 (anonymous), its reply; the connection is in the journal when this returns. */
    private static String mailFrom(Emulator emulator) throws Exception {
        String reply;
        try (LineClient smtp = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            smtp.readSmtpReply();
            smtp.send("EHLO client.example");
            smtp.readSmtpReply();
            smtp.send("MAIL FROM:<someone@fabrikam.com>");
            reply = smtp.readSmtpReply().get(0);
            smtp.send("QUIT");
            smtp.readSmtpReply();
        }
        Await.until("the connection's record", Duration.ofSeconds(5), () -> !emulator.sessions().all().isEmpty());
        return reply;
    }
}
