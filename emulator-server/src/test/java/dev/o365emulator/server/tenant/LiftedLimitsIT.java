package dev.o365emulator.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.testing.EmulatorExtension;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Office 365's limits, one past each under the {@code office365} scenario and lifted under
 * {@code generic} ("a plain test mail server"), over real sockets: concurrent submissions, messages
 * per minute, recipients per message, message size, IMAP connections per mailbox. The emulator's
 * clock stands still, so a rate limit that applied would hold a reply back for a minute.
 */
class LiftedLimitsIT {

    private static final MutableClock CLOCK = MutableClock.at("2026-03-01T10:00:00Z");
    private static final long OVER_150_MB = 200_000_000L;
    // Reset before each test, back to the office365 scenario it started with.
    @RegisterExtension
    static final EmulatorExtension running = EmulatorExtension.configure(b -> b.clock(CLOCK)
            .endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS).identity(false).storeBudget(Long.MAX_VALUE)
            .inFlightBudget(Long.MAX_VALUE));

    @Test
    void office365RefusesOnePastEachLimit() throws IOException {
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                LineClient client = authenticated();
                clients.add(client);
                client.send("MAIL FROM:<adele@contoso.com>");
            }
            for (int i = 0; i < 3; i++) {
                assertThat(clients.get(i).readLine()).isEqualTo("250 2.1.0 Sender OK");
            }
            assertThat(clients.get(3).readLine()).as("a fourth concurrent submission").startsWith("432 4.3.2 ");

            LineClient first = clients.get(0);
            List<String> replies = recipients(first, 501);
            assertThat(replies.subList(0, 500)).containsOnly("250 2.1.5 Recipient OK");
            assertThat(replies.get(500)).as("the 501st recipient").startsWith("452 4.5.3 ");
            first.send("RSET");
            assertThat(first.readLine()).startsWith("250 ");
            first.send("MAIL FROM:<adele@contoso.com> SIZE=" + OVER_150_MB);
            assertThat(first.readLine()).startsWith("552 5.3.4 ");
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void genericLiftsEverySubmissionLimit() throws IOException {
        running.api().scenario().use("generic");
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                LineClient client = authenticated();
                clients.add(client);
                client.send("MAIL FROM:<adele@contoso.com>");
                assertThat(client.readLine()).as("concurrent submission %d", i + 1).isEqualTo("250 2.1.0 Sender OK");
            }
            LineClient first = clients.get(0);
            List<String> replies = recipients(first, 600);
            assertThat(replies).hasSize(600).containsOnly("250 2.1.5 Recipient OK");
            first.send("RSET");
            assertThat(first.readLine()).startsWith("250 ");
            first.send("MAIL FROM:<adele@contoso.com> SIZE=" + OVER_150_MB);
            assertThat(first.readLine()).as("a declared size over 150 MB").isEqualTo("250 2.1.0 Sender OK");
            first.send("RSET");
            assertThat(first.readLine()).startsWith("250 ");

            // Office 365 answers the 31st message of a minute a minute later; the clock stands still here.
            for (int i = 0; i < 40; i++) {
                first.send("MAIL FROM:<adele@contoso.com>");
                first.send("RCPT TO:<alex@contoso.com>");
                first.send("DATA");
                assertThat(List.of(first.readLine(), first.readLine(), first.readLine())).containsExactly(
                        "250 2.1.0 Sender OK", "250 2.1.5 Recipient OK",
                        "354 Start mail input; end with <CRLF>.<CRLF>");
                first.sendRaw("Subject: message " + i + "\r\n\r\nbody\r\n.\r\n");
                assertThat(first.readLine()).as("message %d", i + 1).startsWith("250 2.0.0 OK <");
            }
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
        assertThat(running.api().mail().messages(DefaultTenant.ALEX, "INBOX").size()).isEqualTo(40);
    }

    @Test
    void office365RefusesTheTwentyFirstImapConnectionOfAMailboxAndGenericServesThemAll() throws IOException {
        assertThat(imapConnections(21)).as("office365").containsOnly("a2 OK NOOP completed.").hasSize(20);
        running.api().scenario().use("generic");
        assertThat(imapConnections(30)).as("generic").hasSize(30).containsOnly("a2 OK NOOP completed.");
    }

    /**
     * Opens connections that each log in as Adele and send NOOP, holding all open at once, and returns
     * the NOOP replies that were OK (one past the limit is answered
     * {@code BAD User is authenticated but not connected.}).
     */
    private static List<String> imapConnections(int count) throws IOException {
        List<LineClient> clients = new ArrayList<>();
        List<String> ok = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                LineClient client = LineClient.connectTls(running.api().address(Endpoint.IMAPS),
                        running.api().trust().sslContext(), "outlook.office365.com");
                clients.add(client);
                client.readLine();
                client.send("a1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
                assertThat(client.readLine()).isEqualTo("a1 OK LOGIN completed.");
                client.send("a2 NOOP");
                String reply = client.readLine();
                if (reply.startsWith("a2 OK")) {
                    ok.add(reply);
                } else {
                    assertThat(reply).isEqualTo("a2 BAD User is authenticated but not connected.");
                }
            }
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
        return ok;
    }

    /** Sends {@code count} RCPT TO lines at once and returns their replies. */
    private static List<String> recipients(LineClient client, int count) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("RCPT TO:<alex@contoso.com>\r\n");
        }
        client.sendRaw(lines.toString());
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replies.add(client.readLine());
        }
        return replies;
    }

    private static LineClient authenticated() throws IOException {
        LineClient client = LineClient.connect(running.api().address(Endpoint.SUBMISSION));
        client.readLine();
        client.send("EHLO client.example");
        client.readSmtpReply();
        client.send("STARTTLS");
        assertThat(client.readLine()).isEqualTo("220 2.0.0 SMTP server ready");
        client.startTls(running.api().trust().sslContext(), "smtp.office365.com");
        client.send("EHLO client.example");
        client.readSmtpReply();
        client.send("AUTH LOGIN " + b64(DefaultTenant.ADELE));
        assertThat(client.readLine()).isEqualTo("334 UGFzc3dvcmQ6");
        client.send(b64(DefaultTenant.ADELE_PASSWORD));
        assertThat(client.readLine()).isEqualTo("235 2.7.0 Authentication successful");
        return client;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
