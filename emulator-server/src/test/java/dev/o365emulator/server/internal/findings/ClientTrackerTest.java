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

/** The cross-session findings, on the emulator's clock. */
class ClientTrackerTest {

    private final MutableClock clock = MutableClock.at("2026-12-03T10:00:00Z");
    private final SessionJournal journal = new SessionJournal(clock);

    private final ClientTracker tracker = new ClientTracker(3);

    ClientTrackerTest() {
        journal.addListener(tracker);
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

    @Test
    void aRecipientRefusedForGoodAndAskedForAgainIsARetryAndAnotherRecipientIsNot() {
        SessionRecord first = connect("192.0.2.1");
        first.client("EHLO mta.example.org");
        first.server("250 OK");
        first.client("MAIL FROM:<news@example.org>");
        first.server("250 2.1.0 Sender OK");
        first.client("RCPT TO:<nobody@contoso.com>");
        first.server("550 5.4.1 Recipient address rejected: Access denied.");
        first.client("RCPT TO:<adele@contoso.com>");
        first.server("250 2.1.5 Recipient OK");
        assertThat(first.findings()).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        SessionRecord second = connect("192.0.2.1");
        second.client("EHLO mta.example.org");
        second.client("MAIL FROM:<news@example.org> SIZE=1200");
        second.server("250 2.1.0 Sender OK");
        second.client("RCPT TO:<NOBODY@contoso.com>");
        assertThat(second.findings()).extracting(Finding::id).containsExactly("retry-after-permanent");
        assertThat(second.findings().get(0).line()).isEqualTo(second.linesRecorded() - 1);
        SessionRecord other = connect("192.0.2.2");
        other.client("RCPT TO:<nobody@contoso.com>");
        assertThat(other.findings()).as("another client").isEmpty();
    }

    @Test
    void aTransactionRefusedAtItsEndIsARetryWhenItsSenderAndRecipientsComeAgainWithinTheHour() {
        SessionRecord first = connect("192.0.2.1");
        first.authenticated("adele@contoso.com", "LOGIN");
        first.client("MAIL FROM:<adele@contoso.com>");
        first.server("250 2.1.0 Sender OK");
        first.client("RCPT TO:<alex@contoso.com>");
        first.server("250 2.1.5 Recipient OK");
        first.client("DATA");
        first.server("354 Start mail input; end with <CRLF>.<CRLF>");
        first.server("554 5.2.252 SendAsDenied; adele@contoso.com not allowed to send as ceo@contoso.com");
        first.client("MAIL FROM:<adele@contoso.com>");
        first.server("250 2.1.0 Sender OK");
        first.client("RCPT TO:<megan@contoso.com>");
        first.server("250 2.1.5 Recipient OK");
        first.client("DATA");
        assertThat(first.findings()).as("other recipients: another message").isEmpty();
        clock.advance(Duration.ofMinutes(59));
        SessionRecord second = connect("192.0.2.1");
        second.authenticated("adele@contoso.com", "LOGIN");
        second.client("MAIL FROM:<adele@contoso.com>");
        second.server("250 2.1.0 Sender OK");
        second.client("RCPT TO:<alex@contoso.com>");
        second.server("250 2.1.5 Recipient OK");
        assertThat(second.findings()).isEmpty();
        second.client("DATA");
        assertThat(second.findings()).extracting(Finding::id).containsExactly("retry-after-permanent");
        clock.advance(Duration.ofMinutes(2));
        SessionRecord third = connect("192.0.2.1");
        third.authenticated("adele@contoso.com", "LOGIN");
        third.client("MAIL FROM:<adele@contoso.com>");
        third.server("250 2.1.0 Sender OK");
        third.client("RCPT TO:<alex@contoso.com>");
        third.server("250 2.1.5 Recipient OK");
        third.client("DATA");
        assertThat(third.findings()).as("the refusal is more than an hour old").isEmpty();
    }

    @Test
    void aSenderRefusedBeforeLoginMaySendOnceLoggedInAndATransientRefusalIsNoPermanentOne() {
        SessionRecord session = connect("192.0.2.1");
        session.client("MAIL FROM:<adele@contoso.com>");
        session.server("530 5.7.57 Client not authenticated to send mail.");
        session.authenticated("adele@contoso.com", "XOAUTH2");
        session.client("MAIL FROM:<adele@contoso.com>");
        session.server("451 4.7.500 Server busy. Please try again later");
        session.client("MAIL FROM:<adele@contoso.com>");
        assertThat(session.findings()).isEmpty();
        assertThat(ClientTracker.isPermanent("550 5.7.68 TenantInboundAttribution")).isTrue();
        assertThat(ClientTracker.isPermanent("550-5.7.68 first line")).as("not the last line").isFalse();
        assertThat(ClientTracker.isPermanent("451 5.7.3 STARTTLS is required")).isFalse();
    }

    @Test
    void aForgottenClientStartsAfresh() {
        SessionRecord first = connect("192.0.2.1");
        first.client("RCPT TO:<nobody@contoso.com>");
        first.server("550 5.4.1 Recipient address rejected: Access denied.");
        first.server("451 4.7.500 Server busy. Please try again later");
        tracker.forget();
        SessionRecord second = connect("192.0.2.1");
        second.client("RCPT TO:<nobody@contoso.com>");
        assertThat(second.findings()).isEmpty();
    }
}
