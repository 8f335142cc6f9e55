package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rate delay, pipelining and the MX's stored bytes, driven line by line over real sockets. */
class SmtpPolicyIT {

    private static final MutableClock CLOCK = MutableClock.at("2025-01-26T18:54:30Z");
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.clock(CLOCK).endpoints(Endpoint.SUBMISSION, Endpoint.SMTP));

    @Test
    void aMessageOverThePerMinuteRateGetsItsReplyLaterWithoutBlockingOtherConnections() throws IOException {
        emulator.tenant().update(t -> t.limits(new Limits(500, 1, 10_000, 3, 20)));
        try (LineClient client = authenticated()) {
            send(client, "first");
            assertThat(client.readLine()).startsWith("250 2.0.0 OK <");
            // The next slot of a 1-per-minute rate opens 60 s after the first; 300 ms remain on the emulator's clock.
            CLOCK.advance(Duration.ofMillis(59_700));
            long started = System.nanoTime();
            send(client, "second");
            client.send("NOOP");
            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
                assertThat(other.readLine()).startsWith("220 ");
            }
            assertThat(client.readLine()).startsWith("250 2.0.0 OK <");
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            // The pipelined NOOP is answered after the delayed reply, in order.
            assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
            assertThat(waitedMillis).isGreaterThanOrEqualTo(250);
        }
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(2);
        assertThat(lastSession(Endpoint.SUBMISSION).transcript()).extracting(TranscriptLine::text)
                .contains("submission delayed 300 ms by the messages-per-minute rate");
    }

    @Test
    void pipelinedEnvelopeCommandsAreAnsweredInOrder() throws IOException {
        try (LineClient client = authenticated()) {
            client.sendRaw("MAIL FROM:<adele@contoso.com> BODY=8BITMIME\r\nRCPT TO:<alex@contoso.com> NOTIFY=NEVER\r\n"
                    + "RCPT TO:<team@contoso.com>\r\nDATA\r\n");
            assertThat(List.of(client.readLine(), client.readLine(), client.readLine(), client.readLine())).containsExactly(
                    "250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "250 2.1.5 Recipient OK",
                    "354 Start mail input; end with <CRLF>.<CRLF>");
            client.sendRaw("Subject: pipelined\r\n\r\nbody\r\n.\r\nQUIT\r\n");
            assertThat(client.readLine()).startsWith("250 2.0.0 OK <");
            assertThat(client.readLine()).isEqualTo("221 2.0.0 Service closing transmission channel");
        }
        // alex directly and through the group, once.
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
        assertThat(emulator.store().open("megan@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void mxStoresTheClientBytesAfterAReceivedHeaderNamingTheEopHost() throws IOException {
        String body = "From: someone@example.org\r\nTo: megan@contoso.com\r\nSubject: inbound\r\n\r\n"
                + ".dot stays\r\nend\r\n";
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            assertThat(client.readLine()).startsWith("220 " + emulator.identity().mxBannerHost() + " ");
            client.send("EHLO mta.example.org");
            client.readSmtpReply();
            client.send("MAIL FROM:<someone@example.org>");
            client.send("RCPT TO:<megan@contoso.com>");
            client.send("DATA");
            assertThat(List.of(client.readLine(), client.readLine(), client.readLine())).containsExactly(
                    "250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "354 Start mail input; end with <CRLF>.<CRLF>");
            client.sendRaw(body.replace("\r\n.dot", "\r\n..dot") + ".\r\n");
            assertThat(client.readLine()).startsWith("250 2.6.0 <").endsWith("Queued mail for delivery");
        }
        List<MessageHandle> inbox = emulator.store().open("megan@contoso.com").inbox().snapshot().messages();
        assertThat(inbox).hasSize(1);
        String stored = text(inbox.get(0).message().raw());
        assertThat(stored).startsWith("Received: from mta.example.org (127.0.0.1) by " + emulator.identity().mxFqdn()
                + "\r\n with Microsoft SMTP Server id " + TraceHeaders.EXCHANGE_BUILD + "\r\n via Frontend Transport; Sun, 26 Jan 2025 ");
        assertThat(stored).endsWith("+0000\r\n" + body);
    }

    private static void send(LineClient client, String subject) throws IOException {
        client.send("MAIL FROM:<adele@contoso.com>");
        client.send("RCPT TO:<alex@contoso.com>");
        client.send("DATA");
        assertThat(List.of(client.readLine(), client.readLine(), client.readLine())).containsExactly(
                "250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "354 Start mail input; end with <CRLF>.<CRLF>");
        client.sendRaw("From: adele@contoso.com\r\nSubject: " + subject + "\r\n\r\nbody\r\n.\r\n");
    }

    private static LineClient authenticated() throws IOException {
        LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION));
        client.readLine();
        client.send("EHLO client.example");
        client.readSmtpReply();
        client.send("STARTTLS");
        assertThat(client.readLine()).isEqualTo("220 2.0.0 SMTP server ready");
        client.startTls(emulator.certificates().clientSslContext(), "smtp.office365.com");
        client.send("EHLO client.example");
        client.readSmtpReply();
        client.send("AUTH LOGIN " + b64("adele@contoso.com"));
        assertThat(client.readLine()).isEqualTo("334 UGFzc3dvcmQ6");
        client.send(b64("Passw0rd!adele"));
        assertThat(client.readLine()).isEqualTo("235 2.7.0 Authentication successful");
        return client;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer raw) {
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static SessionRecord lastSession(Endpoint endpoint) {
        List<SessionRecord> sessions = emulator.journal().sessions(s -> s.endpoint() == endpoint && s.user().isPresent());
        return sessions.get(sessions.size() - 1);
    }
}
