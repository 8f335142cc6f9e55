package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import dev.o365emulator.server.testing.ServerChannels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that issues a large FETCH and stops reading is an idle client: the auto-logout ends the
 * session, instead of the FETCH postponing it for as long as the client likes.
 */
class ImapStalledFetchIT {

    private static final MutableClock CLOCK = MutableClock.at("2026-01-26T18:54:30Z");
    /** 12 MiB of messages: far more than the socket buffers of both sides hold. */
    private static final int MESSAGES = 12;
    private static final int MESSAGE_SIZE = 1024 * 1024;

    private static final ServerChannels channels = new ServerChannels();
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAPS).clock(CLOCK))
            .sessions(Protocol.IMAP, channels.recording(ImapSession.initializer(Duration.ofMillis(200)))).withoutReset();

    @BeforeAll
    static void start() {
        StringBuilder body = new StringBuilder("From: alex@contoso.com\r\nSubject: big\r\n\r\n");
        while (body.length() < MESSAGE_SIZE) {
            body.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
        }
        byte[] raw = body.toString().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < MESSAGES; i++) {
            emulator.delivery().deliver(DefaultTenant.ADELE, raw);
        }
    }

    @Test
    void logsOutAClientThatStoppedReadingAFetch() throws Exception {
        try (LineClient c = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.certificates().clientSslContext(), "outlook.office365.com")) {
            c.readLine();
            c.send("a1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
            assertThat(c.readLine()).isEqualTo("a1 OK LOGIN completed.");
            c.send("a2 SELECT INBOX");
            assertThat(c.readUntil("a2 ")).last().asString().startsWith("a2 OK");
            c.send("a3 FETCH 1:* BODY.PEEK[]");
            // The client reads nothing more: the FETCH fills the socket buffers and waits.
            Await.until("the FETCH to wait on the client", Duration.ofSeconds(30), () -> channels.isWaitingOnClient(0));

            CLOCK.advance(Duration.ofMinutes(1));

            SessionRecord session = emulator.journal().sessions().get(0);
            Await.until("the stalled session to be logged out", Duration.ofSeconds(30), () -> session.end().isPresent());
            assertThat(session.transcript()).map(TranscriptLine::text).anyMatch(l -> l.equals(
                    "auto-logout after 60 s without a command, a FETCH waiting on a client that does not read"));
        }
    }
}
