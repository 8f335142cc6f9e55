package dev.o365emulator.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import dev.o365emulator.server.testing.SubmissionLogin;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code enforceSendAs}: Office 365 refuses a sender the login has no right to ({@code 554 5.2.252}
 * after the body, and the {@code from-not-envelope} finding); {@code generic}, like a plain test mail
 * server, accepts and delivers it, and judges nothing.
 */
class EnforceSendAsIT {

    private static final String STRANGER = "someone@example.com";

    @Test
    void genericAcceptsAnySenderFromASignedInClient() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION).scenario("generic").start()) {
            assertThat(send(emulator)).startsWith("250 2.0.0 OK <1@example.com>");
            assertThat(Internals.of(emulator).store().open(DefaultTenant.ALEX).inbox().exists()).isEqualTo(1);
            assertThat(findings(emulator)).doesNotContain("from-not-envelope");
        }
    }

    @Test
    void office365RefusesItAsSendAsDenied() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION).start()) {
            assertThat(send(emulator)).startsWith("554 5.2.252 SendAsDenied; adele@contoso.com not allowed to send as "
                    + STRANGER + "; ");
            assertThat(Internals.of(emulator).store().open(DefaultTenant.ALEX).inbox().exists()).isZero();
            assertThat(findings(emulator)).contains("from-not-envelope");
        }
    }

    @Test
    void theKnobTurnsTheCheckBackOnUnderGeneric() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION).scenario("generic").start()) {
            emulator.tenant().update(t -> t.enforceSendAs(true));
            assertThat(send(emulator)).startsWith("554 5.2.252 SendAsDenied; ");
        }
    }

    /** Adele signs in and sends a message from {@link #STRANGER}, envelope and header alike; the final reply. */
    private static String send(Emulator emulator) throws Exception {
        try (LineClient client = SubmissionLogin.loggedIn(emulator, DefaultTenant.ADELE,
                DefaultTenant.ADELE_PASSWORD)) {
            client.send("MAIL FROM:<" + STRANGER + ">");
            assertThat(client.readLine()).isEqualTo("250 2.1.0 Sender OK");
            client.send("RCPT TO:<" + DefaultTenant.ALEX + ">");
            assertThat(client.readLine()).isEqualTo("250 2.1.5 Recipient OK");
            client.send("DATA");
            assertThat(client.readLine()).startsWith("354 ");
            client.sendRaw("From: " + STRANGER + "\r\nTo: " + DefaultTenant.ALEX + "\r\nSubject: as someone"
                    + "\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n\r\nhello\r\n.\r\n");
            String reply = client.readLine();
            client.send("QUIT");
            client.readLine();
            return reply;
        }
    }

    private static List<String> findings(Emulator emulator) {
        Await.until("the session to end", Duration.ofSeconds(5),
                () -> emulator.sessions().all().stream().anyMatch(s -> !s.isOpen()));
        return emulator.sessions().all().stream().flatMap(s -> s.findings().stream()).map(Finding::id).toList();
    }
}
