package dev.o365emulator.server.internal.journal;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.SessionListener;
import dev.o365emulator.server.journal.TranscriptLine;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void sessionsKeepOneStringForTheLinesTheyRepeat() {
        SessionJournal journal = new SessionJournal(CLOCK);
        SessionRecord first = journal.open(Endpoint.IMAPS, LOCAL, REMOTE);
        SessionRecord second = journal.open(Endpoint.IMAPS, LOCAL, REMOTE);
        for (SessionRecord record : List.of(first, second)) {
            record.server(new String("+ idling")); // a string of its own, as a session builds each line
            record.authenticated(new String("adele@contoso.com"), "LOGIN");
        }
        assertThat(second.transcript().get(0).text()).isEqualTo("+ idling")
                .isSameAs(first.transcript().get(0).text());
        assertThat(second.user().orElseThrow()).isSameAs(first.user().orElseThrow());
        assertThat(second.transcript()).extracting(TranscriptLine::toString)
                .containsExactly("S: + idling", "*: authenticated as adele@contoso.com with LOGIN");
    }

    @Test
    void keepsEachLineTimeAsTheClockGaveIt() {
        Instant[] now = {Instant.parse("2026-12-03T18:00:00.000000001Z")};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        SessionRecord record = new SessionJournal(moving).open(Endpoint.IMAP, LOCAL, REMOTE);
        now[0] = now[0].plusSeconds(1800).plusNanos(123_456_788);
        record.client("a1 IDLE");
        now[0] = now[0].minusSeconds(5);
        record.client("DONE");
        assertThat(record.transcript()).extracting(TranscriptLine::time).containsExactly(
                Instant.parse("2026-12-03T18:30:00.123456789Z"), Instant.parse("2026-12-03T18:29:55.123456789Z"));
    }

    @Test
    void recordsLinesThatGoOutTogetherAtOneTimeInOrderAndTellsListenersOfEach() {
        Instant[] now = {Instant.parse("2026-12-03T18:00:00Z")};
        Clock ticking = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                // Every reading a microsecond later: lines read one by one would get three times.
                now[0] = now[0].plusNanos(1_000);
                return now[0];
            }
        };
        SessionJournal journal = new SessionJournal(ticking, SessionJournal.DEFAULT_BUDGET_BYTES);
        List<String> seen = new ArrayList<>();
        journal.addListener(new SessionListener() {
            @Override
            public void lineRecorded(Session session, TranscriptLine line) {
                seen.add(line.toString());
            }
        });
        SessionRecord record = journal.open(Endpoint.POP3S, LOCAL, REMOTE);
        record.client("RETR 1");
        record.lines(new Direction[] {Direction.SERVER, Direction.EVENT, Direction.SERVER},
                "+OK", "message content: 4126 octets", ".");

        List<TranscriptLine> lines = record.transcript();
        assertThat(lines).extracting(TranscriptLine::toString)
                .containsExactly("C: RETR 1", "S: +OK", "*: message content: 4126 octets", "S: .");
        assertThat(lines.subList(1, 4)).extracting(TranscriptLine::time).containsOnly(lines.get(1).time());
        assertThat(lines.get(1).time()).isAfter(lines.get(0).time());
        assertThat(seen).containsExactly("C: RETR 1", "S: +OK", "*: message content: 4126 octets", "S: .");
        assertThatThrownBy(() -> record.lines(new Direction[] {Direction.SERVER}, "+OK", "."))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linesRecordedTogetherKeepTheTranscriptsBoundsAndShareTheirTexts() {
        SessionJournal journal = new SessionJournal(CLOCK, 8, 3);
        SessionRecord first = journal.open(Endpoint.POP3S, LOCAL, REMOTE);
        SessionRecord record = journal.open(Endpoint.POP3S, LOCAL, REMOTE);
        Direction[] reply = {Direction.SERVER, Direction.EVENT, Direction.SERVER};
        first.lines(reply, new String("+OK"), "message content: 10 octets", ".");
        record.client("RETR 1");
        record.lines(reply, new String("+OK"), "message content: 10 octets", "X".repeat(SessionRecord.DEFAULT_MAX_LINE_CHARS + 1));

        assertThat(record.transcript()).extracting(TranscriptLine::text).containsExactly("+OK",
                "message content: 10 octets", "X".repeat(SessionRecord.DEFAULT_MAX_LINE_CHARS) + "…[1 more chars]");
        assertThat(record.droppedLines()).isEqualTo(1);
        assertThat(record.transcript().get(0).text()).isSameAs(first.transcript().get(0).text());
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
        journal.addListener(new SessionListener() {
            @Override
            public void sessionOpened(Session session) {
                seen.add("open #" + session.id());
            }

            @Override
            public void lineRecorded(Session session, TranscriptLine line) {
                seen.add(line.toString());
            }

            @Override
            public void sessionClosed(Session session) {
                seen.add("closed #" + session.id());
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

    @Test
    void forgetsTheOldestClosedSessionsFirstToStayWithinTheBudget() {
        SessionJournal journal = new SessionJournal(CLOCK, SessionJournal.MIN_BUDGET_BYTES);
        SessionRecord open = journal.open(Endpoint.IMAP, LOCAL, REMOTE);
        open.client("a1 CAPABILITY");
        List<SessionRecord> closed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SessionRecord record = journal.open(Endpoint.SMTP, LOCAL, REMOTE);
            for (int line = 0; line < 10; line++) {
                record.server("250 " + "x".repeat(200));
            }
            journal.close(record);
            closed.add(record);
            assertThat(journal.retainedBytes()).isLessThanOrEqualTo(journal.budgetBytes());
        }
        List<SessionRecord> held = journal.sessions();
        assertThat(held).startsWith(open).endsWith(closed.get(99)).hasSizeLessThan(40);
        assertThat(held.subList(1, held.size())).containsExactlyElementsOf(closed.subList(101 - held.size(), 100));
        assertThat(open.transcript()).extracting(TranscriptLine::text).containsExactly("a1 CAPABILITY");
        SessionRecord forgotten = closed.get(0);
        assertThat(forgotten.transcript()).isEmpty();
        assertThat(forgotten.retainedBytes()).isZero();
        assertThat(journal.retainedBytes()).isEqualTo(held.stream().mapToLong(SessionRecord::retainedBytes).sum());
    }

    @Test
    void oneTranscriptKeepsAtMostAnEighthOfTheBudgetDroppingItsOldestLines() {
        SessionJournal journal = new SessionJournal(CLOCK, 1024 * 1024);
        SessionRecord poller = journal.open(Endpoint.IMAP, LOCAL, REMOTE);
        int fetched = 2000;
        for (int i = 1; i <= fetched; i++) {
            poller.server("* " + i + " FETCH (UID " + i + " FLAGS (\\Seen) ENVELOPE (" + "e".repeat(300) + "))");
        }
        assertThat(poller.retainedBytes()).isLessThanOrEqualTo(journal.budgetBytes() / 8);
        List<TranscriptLine> kept = poller.transcript();
        assertThat(kept.get(kept.size() - 1).text()).startsWith("* 2000 FETCH");
        assertThat(poller.droppedLines()).isEqualTo(fetched - kept.size()).isPositive();
    }

    @Test
    void openSessionsLoseTheirOldestLinesWhenNothingClosedIsLeftToForget() {
        SessionJournal journal = new SessionJournal(CLOCK, SessionJournal.MIN_BUDGET_BYTES);
        List<SessionRecord> open = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            open.add(journal.open(Endpoint.POP3, LOCAL, REMOTE));
        }
        for (int line = 0; line < 200; line++) {
            for (SessionRecord record : open) {
                record.server("+OK " + line + " " + "y".repeat(100));
            }
        }
        assertThat(journal.retainedBytes()).isLessThanOrEqualTo(journal.budgetBytes());
        assertThat(journal.sessions()).containsExactlyElementsOf(open);
        for (SessionRecord record : open) {
            List<TranscriptLine> kept = record.transcript();
            assertThat(kept.get(kept.size() - 1).text()).startsWith("+OK 199 ");
            assertThat(record.droppedLines()).isEqualTo(200 - kept.size());
        }
        assertThat(journal.retainedBytes()).isEqualTo(open.stream().mapToLong(SessionRecord::retainedBytes).sum());
    }

    @Test
    void countsWideCharactersTwiceAndProtocolErrorsToo() {
        assertThat(SessionRecord.sizeOf("abc")).isEqualTo(SessionRecord.LINE_OVERHEAD + 3);
        assertThat(SessionRecord.sizeOf("é€")).isEqualTo(SessionRecord.LINE_OVERHEAD + 4);
        SessionJournal journal = new SessionJournal(CLOCK);
        SessionRecord record = journal.open(Endpoint.SMTP, LOCAL, REMOTE);
        assertThat(journal.retainedBytes()).isEqualTo(SessionRecord.RECORD_OVERHEAD);
        record.protocolError("bare LF");
        assertThat(record.retainedBytes()).isEqualTo(SessionRecord.RECORD_OVERHEAD + SessionRecord.sizeOf("bare LF")
                + SessionRecord.sizeOf("protocol error: bare LF"));
        assertThat(journal.retainedBytes()).isEqualTo(record.retainedBytes());
        journal.clear();
        assertThat(journal.retainedBytes()).isZero();
        record.client("NOOP");
        assertThat(record.transcript()).isEmpty();
        assertThat(journal.retainedBytes()).isZero();
    }

    @Test
    void staysWithinItsBudgetAndCountsExactlyWhileManyThreadsRecordAndClose() throws Exception {
        SessionJournal journal = new SessionJournal(CLOCK, 256 * 1024);
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int session = 0; session < 2_000; session++) {
                        SessionRecord record = journal.open(Endpoint.IMAP, LOCAL, REMOTE);
                        for (int line = 0; line < 20; line++) {
                            record.client("a" + line + " NOOP " + "z".repeat(line * 10));
                        }
                        if (session % 7 == 0) {
                            record.protocolError("long tag");
                        }
                        journal.close(record);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(journal.retainedBytes()).isLessThanOrEqualTo(journal.budgetBytes())
                .isEqualTo(journal.sessions().stream().mapToLong(SessionRecord::retainedBytes).sum());
    }
}
