package dev.o365emulator.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionJournalTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 993);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50_000);

    @Test
    void numbersConnectionsInAcceptOrder() {
        SessionJournal journal = new SessionJournal(CLOCK);
        SessionRecord first = journal.open(Endpoint.IMAPS, LOCAL, REMOTE);
        SessionRecord second = journal.open(Endpoint.POP3, LOCAL, REMOTE);
        assertThat(first.index()).isEqualTo(1);
        assertThat(second.index()).isEqualTo(2);
        assertThat(journal.sessions()).containsExactly(first, second);
        assertThat(journal.session(2)).contains(second);
        assertThat(second.protocol()).isEqualTo(dev.o365emulator.server.Protocol.POP3);
    }

    @Test
    void keepsOnlyTheNewestSessionsAndLines() {
        SessionJournal journal = new SessionJournal(CLOCK, 2, 3);
        journal.open(Endpoint.SMTP, LOCAL, REMOTE);
        SessionRecord b = journal.open(Endpoint.SMTP, LOCAL, REMOTE);
        SessionRecord c = journal.open(Endpoint.SMTP, LOCAL, REMOTE);
        assertThat(journal.sessions()).containsExactly(b, c);

        for (int i = 1; i <= 5; i++) {
            c.client("NOOP " + i);
        }
        assertThat(c.transcript()).extracting(TranscriptLine::text).containsExactly("NOOP 3", "NOOP 4", "NOOP 5");
        assertThat(c.droppedLines()).isEqualTo(2);
    }

    @Test
    void truncatesOverlongLines() {
        SessionRecord record = new SessionJournal(CLOCK).open(Endpoint.SMTP, LOCAL, REMOTE);
        record.client("X".repeat(SessionRecord.DEFAULT_MAX_LINE_CHARS + 10));
        String kept = record.transcript().get(0).text();
        assertThat(kept).startsWith("X".repeat(SessionRecord.DEFAULT_MAX_LINE_CHARS)).endsWith("…[10 more chars]");
    }

    @Test
    void recordsSecretsOnlyAsMasks() {
        SessionRecord record = new SessionJournal(CLOCK).open(Endpoint.SUBMISSION, LOCAL, REMOTE);
        record.client(Masking.mask(record.protocol(), "AUTH LOGIN YWRlbGVAY29udG9zby5jb20="));
        record.clientSecret();
        assertThat(record.transcript()).extracting(TranscriptLine::toString)
                .containsExactly("C: AUTH LOGIN ****", "C: ****");
    }

    @Test
    void tellsListenersAboutEveryLineAndTheClose() {
        SessionJournal journal = new SessionJournal(CLOCK);
        List<String> seen = new ArrayList<>();
        journal.addListener(new JournalListener() {
            @Override
            public void sessionOpened(SessionRecord session) {
                seen.add("open #" + session.index());
            }

            @Override
            public void lineRecorded(SessionRecord session, TranscriptLine line) {
                seen.add(line.toString());
            }

            @Override
            public void sessionClosed(SessionRecord session) {
                seen.add("closed #" + session.index());
            }
        });
        SessionRecord record = journal.open(Endpoint.POP3S, LOCAL, REMOTE);
        record.server("+OK ready");
        record.authenticated("adele@contoso.com", "USER");
        journal.close(record);
        journal.close(record);
        assertThat(seen).containsExactly("open #1", "S: +OK ready", "*: authenticated as adele@contoso.com with USER",
                "closed #1");
        assertThat(record.end()).contains(CLOCK.instant());
        assertThat(record.user()).contains("adele@contoso.com");
    }
}
