package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Commands pipelined in plain text after STARTTLS are never run inside TLS, even when a delay made the session queue them. */
class ImapStartTlsPipeliningIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAP));

    private static void delay(String when) {
        emulator.useScenario(ScenarioLoader.parse("""
                name: imap-slow
                extends: office365
                rules:
                  - { id: slow, when: { protocol: imap, %s }, then: { delay: { millis: 200 } } }
                """.formatted(when), "inline"));
    }

    private static void assertInjectedLoginIsDiscarded(String pipelined, String startTlsTag) throws IOException {
        try (LineClient c = LineClient.connect(emulator.address(Endpoint.IMAP))) {
            c.readLine();
            c.sendRaw(pipelined + "x9 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD + "\r\n");
            assertThat(c.readUntil(startTlsTag + " ")).last().isEqualTo(startTlsTag + " OK Begin TLS negotiation now.");
            c.startTls(emulator.certificates().clientSslContext(), "outlook.office365.com");
            c.send("a3 NOOP");
            // Had the plain-text LOGIN been run after the upgrade, its OK would come first, inside TLS.
            assertThat(c.readLine()).isEqualTo("a3 OK NOOP completed.");
            c.send("a4 SELECT INBOX");
            assertThat(c.readLine()).isEqualTo("a4 BAD Command received in Invalid state.");
        }
        SessionRecord session = emulator.journal().sessions().get(0);
        assertThat(session.user()).isEmpty();
        assertThat(session.protocolErrors()).anyMatch(e -> e.contains("pipelined after the TLS upgrade"));
    }

    @Test
    void discardsALoginPipelinedAfterADelayedStartTls() throws IOException {
        delay("stage: starttls");
        assertInjectedLoginIsDiscarded("a1 STARTTLS\r\n", "a1");
    }

    @Test
    void discardsALoginPipelinedAfterAStartTlsQueuedBehindADelayedCommand() throws IOException {
        delay("command: CAPABILITY");
        assertInjectedLoginIsDiscarded("a1 CAPABILITY\r\na2 STARTTLS\r\n", "a2");
    }
}
