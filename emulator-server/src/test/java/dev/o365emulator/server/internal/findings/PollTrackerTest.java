package dev.o365emulator.server.internal.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.tenant.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code poll-instead-of-idle}, on the emulator's clock. */
class PollTrackerTest {

    private final MutableClock clock = MutableClock.at("2026-12-03T10:00:00Z");
    private final SessionJournal journal = new SessionJournal(clock);

    PollTrackerTest() {
        journal.addListener(new PollTracker());
    }

    private SessionRecord login(String ip) {
        SessionRecord record = journal.open(Endpoint.IMAPS, new InetSocketAddress("127.0.0.1", 993),
                new InetSocketAddress(ip, 50_000));
        record.authenticated("adele@contoso.com", "LOGIN");
        return record;
    }

    @Test
    void aThirdLookAtTheSameFolderWithinAMinuteOfTheLastIsPollingAcrossReconnects() {
        SessionRecord first = login("192.0.2.1");
        first.client("a2 SELECT INBOX");
        clock.advance(Duration.ofSeconds(30));
        SessionRecord second = login("192.0.2.1");
        second.client("a2 SELECT inbox");
        clock.advance(Duration.ofSeconds(59));
        second.client("a3 STATUS \"Sent Items\" (MESSAGES)");
        assertThat(first.findings()).isEmpty();
        assertThat(second.findings()).isEmpty();
        SessionRecord third = login("192.0.2.1");
        third.client("a2 EXAMINE INBOX");
        assertThat(third.findings()).extracting(Finding::id).containsExactly("poll-instead-of-idle");
        assertThat(third.findings().get(0).line()).isEqualTo(third.linesRecorded() - 1);
        assertThat(login("192.0.2.2").findings()).as("another client").isEmpty();
    }

    @Test
    void looksAMinuteApartAreNoPollingAndAClientThatIdlesIsNeverJudged() {
        SessionRecord patient = login("192.0.2.1");
        for (int i = 0; i < 4; i++) {
            patient.client("a" + i + " STATUS INBOX (MESSAGES UNSEEN)");
            clock.advance(Duration.ofSeconds(60));
        }
        assertThat(patient.findings()).isEmpty();
        SessionRecord idler = login("192.0.2.3");
        idler.client("a1 SELECT INBOX");
        idler.client("a2 IDLE");
        for (int i = 0; i < 4; i++) {
            idler.client("b" + i + " STATUS Archive (MESSAGES)");
        }
        assertThat(idler.findings()).isEmpty();
    }

    @Test
    void commandsAreTakenInAnyCaseAndOnlyByTheirWholeName() {
        SessionRecord lower = login("192.0.2.4");
        lower.client("a1 select INBOX");
        lower.client("a2 Select INBOX");
        lower.client("a3 SELECT INBOX");
        assertThat(lower.findings()).extracting(Finding::id).containsExactly("poll-instead-of-idle");

        SessionRecord other = login("192.0.2.5");
        other.client("a1 idle");
        for (int i = 0; i < 4; i++) {
            other.client("b" + i + " SELECT INBOX");
        }
        assertThat(other.findings()).as("idle in lower case counts as IDLE").isEmpty();

        SessionRecord lookalike = login("192.0.2.6");
        for (int i = 0; i < 4; i++) {
            lookalike.client("a" + i + " SELECTED INBOX");
            lookalike.client("b" + i + " NOOP");
        }
        assertThat(lookalike.findings()).as("neither SELECTED nor NOOP is a look").isEmpty();
    }
}
