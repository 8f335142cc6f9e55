package dev.o365emulator.server.internal.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.tenant.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cross-session findings, on the emulator's clock. */
class ClientTrackerTest {

    private final MutableClock clock = MutableClock.at("2026-12-03T10:00:00Z");
    private final SessionJournal journal = new SessionJournal(clock);

    ClientTrackerTest() {
        journal.addListener(new ClientTracker(3));
    }

    private SessionRecord connect(String ip) {
        return journal.open(Endpoint.SUBMISSION, new InetSocketAddress("127.0.0.1", 587), new InetSocketAddress(ip, 50_000));
    }

    @Test
    void reconnectingWithinASecondOfServerBusyIsNoBackoffAndASecondLaterIsNot() {
        connect("192.0.2.1").server("451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (AS77712344)");
        clock.advance(Duration.ofMillis(999));
        assertThat(connect("192.0.2.1").findings()).extracting(Finding::id).containsExactly("no-backoff");
        assertThat(connect("192.0.2.2").findings()).as("another client").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(connect("192.0.2.1").findings()).isEmpty();
    }

    @Test
    void moreThanNConnectionsAMinuteAfterATransientRefusalIsAStormAndAQuietMinuteEndsIt() {
        connect("192.0.2.1").server("421 4.3.2 Service not available");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(connect("192.0.2.1").findings()).as("connection %d", i + 1).isEmpty();
        }
        clock.advance(Duration.ofSeconds(5));
        assertThat(connect("192.0.2.1").findings()).extracting(Finding::id).containsExactly("retry-storm");
        clock.advance(Duration.ofMinutes(2));
        assertThat(connect("192.0.2.1").findings()).isEmpty();
    }

    @Test
    void successfulRepliesAndPermanentRefusalsAreNoTransientRefusal() {
        assertThat(ClientTracker.isTransient("250 2.0.0 OK")).isFalse();
        assertThat(ClientTracker.isTransient("550 5.7.68 TenantInboundAttribution")).isFalse();
        assertThat(ClientTracker.isTransient("4.7.0 Temporary server error")).isFalse();
        assertThat(ClientTracker.isTransient("451 5.7.3 STARTTLS is required to send mail")).as("a permanent cause")
                .isFalse();
        assertThat(ClientTracker.isTransient("421 4.4.1 Connection timed out")).isTrue();
        assertThat(ClientTracker.isTransient("452 4.3.1 Insufficient system storage")).isTrue();
        assertThat(ClientTracker.isTransient("a1 NO Request is throttled. Suggested Backoff Time: 299609 milliseconds"))
                .isTrue();
    }
}
