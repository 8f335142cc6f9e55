package dev.o365emulator.server.internal.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.codec.pop3.Pop3RequestDecoder;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.EmulatorExtension;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.HostileClients;
import dev.o365emulator.server.testing.LineClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * POP3 connections end: an idle one with {@code -ERR Connection is closed. 13} (and its maildrop lock
 * released), one whose command line trickles in a byte at a time the same way, and one whose command
 * line never ends with {@code -ERR Protocol error. Connection is closed. 10} after a bounded number of
 * bytes.
 */
class Pop3TimeoutsIT {

    private static final MutableClock CLOCK = MutableClock.at("2026-01-26T18:54:30Z");
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** Far more than the endless-line length plus the socket buffers on both sides. */
    private static final long ENDLESS_LIMIT = 32L * 1024 * 1024;

    /** Driven by the emulator's clock, moved by the test. */
    @RegisterExtension
    static final EmulatorExtension clocked = EmulatorExtension.configure(b -> b.endpoints(Endpoint.POP3S).clock(CLOCK)
            .pop3IdleTimeout(Duration.ofMillis(200)));
    /** Driven by the real clock, for clients that act on their own time. */
    @RegisterExtension
    static final EmulatorExtension timed = EmulatorExtension.configure(b -> b.endpoints(Endpoint.POP3)
            .pop3IdleTimeout(TIMEOUT));

    @Test
    void closesAnIdleSessionCountingFromTheLastCommandAndReleasesItsMaildrop() throws Exception {
        try (LineClient c = LineClient.connectTls(clocked.address(Endpoint.POP3S),
                clocked.certificates().clientSslContext(), "outlook.office365.com")) {
            assertThat(c.readLine()).startsWith("+OK ");
            c.send("USER " + DefaultTenant.ALEX);
            assertThat(c.readLine()).isEqualTo("+OK");
            c.send("PASS " + DefaultTenant.ALEX_PASSWORD);
            assertThat(c.readLine()).startsWith("+OK");
            CLOCK.advance(Duration.ofMillis(150));
            c.send("NOOP");
            assertThat(c.readLine()).isEqualTo("+OK");
            CLOCK.advance(Duration.ofMillis(150));
            c.send("STAT");
            assertThat(c.readLine()).as("300 ms after the login, 150 ms after the last command").startsWith("+OK ");
            CLOCK.advance(Duration.ofMinutes(1));
            assertThat(c.readLine()).isEqualTo("-ERR " + Pop3Session.TIMED_OUT);
            assertThat(c.isClosedByServer()).isTrue();
        }
        SessionRecord session = clocked.journal().sessions().get(0);
        assertThat(session.transcript()).map(TranscriptLine::text)
                .anyMatch(l -> l.startsWith("idle timeout after 60 s without a command"));
        // The maildrop is free again: a new session logs in.
        try (LineClient c = LineClient.connectTls(clocked.address(Endpoint.POP3S),
                clocked.certificates().clientSslContext(), "outlook.office365.com")) {
            c.readLine();
            c.send("USER " + DefaultTenant.ALEX);
            c.readLine();
            c.send("PASS " + DefaultTenant.ALEX_PASSWORD);
            assertThat(c.readLine()).startsWith("+OK");
            c.send("QUIT");
            assertThat(c.readLine()).isEqualTo("+OK " + Pop3Session.SIGN_OFF);
        }
    }

    @Test
    void closesAnIdleConnectionOnTheRealClock() throws Exception {
        try (LineClient c = LineClient.connect(timed.address(Endpoint.POP3))) {
            assertThat(c.readLine()).startsWith("+OK ");
            assertThat(c.readLine()).isEqualTo("-ERR " + Pop3Session.TIMED_OUT);
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aCommandLineTrickledAByteAtATimeGetsNoMoreTimeThanAnIdleConnection() throws Exception {
        // A byte every 50 ms keeps bytes coming far more often than the 300 ms timeout, but never a line.
        HostileClients.Outcome outcome = HostileClients.slowloris(timed.address(Endpoint.POP3), "USER ",
                Duration.ofMillis(50), 200);

        assertThat(outcome.closedByServer()).isTrue();
        assertThat(outcome.lines()).last().isEqualTo("-ERR " + Pop3Session.TIMED_OUT);
        assertThat(outcome.bytesSent()).as("bytes trickled before the close").isLessThan(200);
    }

    @Test
    void answersAndClosesALineThatNeverEndsAfterABoundedNumberOfBytes() throws Exception {
        HostileClients.Outcome outcome = HostileClients.endlessLine(timed.address(Endpoint.POP3), "NOOP ", ENDLESS_LIMIT);

        assertThat(outcome.closedByServer()).isTrue();
        assertThat(outcome.bytesSent()).as("bytes the client could send before the close")
                .isLessThan(ENDLESS_LIMIT / 4);
        SessionRecord session = timed.journal().sessions().stream()
                .filter(s -> s.protocolErrors().stream().anyMatch(e -> e.startsWith("endless command line")))
                .findFirst().orElseThrow();
        Await.until("the session to end", Duration.ofSeconds(10), () -> session.end().isPresent());
        assertThat(session.transcript()).map(TranscriptLine::toString)
                .contains("S: -ERR " + Pop3Session.CONNECTION_CLOSED);
        assertThat(session.protocolErrors()).singleElement().asString()
                .contains("more than " + Pop3RequestDecoder.DEFAULT_ENDLESS_LINE_LENGTH + " octets");
    }

    @Test
    void refusesANonPositiveIdleTimeout() {
        assertThatThrownBy(() -> Pop3Session.initializer(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
