package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.codec.smtp.SmtpRequestDecoder;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.EmulatorExtension;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.HostileClients;
import dev.o365emulator.server.testing.LineClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SMTP connections end: an idle one with {@code 421 4.4.1 Connection timed out}, one whose command line
 * trickles in a byte at a time the same way, and one whose command line never ends with
 * {@code 500 5.5.2 Line too long} after a bounded number of bytes.
 */
class SmtpTimeoutsIT {

    private static final MutableClock CLOCK = MutableClock.at("2026-01-26T18:54:30Z");
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** Far more than the endless-line length plus the socket buffers on both sides. */
    private static final long ENDLESS_LIMIT = 32L * 1024 * 1024;

    /** Driven by the emulator's clock, moved by the test. */
    @RegisterExtension
    static final EmulatorExtension clocked = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SMTP).clock(CLOCK)
            .smtpIdleTimeout(Duration.ofMillis(200)));
    /** Driven by the real clock, for clients that act on their own time. */
    @RegisterExtension
    static final EmulatorExtension timed = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SMTP, Endpoint.SUBMISSION)
            .smtpIdleTimeout(TIMEOUT));

    @Test
    void closesAnIdleConnectionOnceTheEmulatorsClockPassesTheTimeoutCountingFromTheLastCommand() throws Exception {
        try (LineClient c = LineClient.connect(clocked.address(Endpoint.SMTP))) {
            assertThat(c.readSmtpReply().get(0)).startsWith("220 ");
            CLOCK.advance(Duration.ofMillis(150));
            c.send("NOOP");
            assertThat(c.readSmtpReply()).containsExactly("250 2.0.0 OK");
            CLOCK.advance(Duration.ofMillis(150));
            c.send("NOOP");
            assertThat(c.readSmtpReply()).as("300 ms after the connect, 150 ms after the last command")
                    .containsExactly("250 2.0.0 OK");
            CLOCK.advance(Duration.ofMinutes(1));
            assertThat(c.readSmtpReply()).containsExactly("421 4.4.1 Connection timed out");
            assertThat(c.isClosedByServer()).isTrue();
        }
        SessionRecord session = clocked.journal().sessions().get(0);
        assertThat(session.transcript()).map(TranscriptLine::text)
                .anyMatch(l -> l.startsWith("idle timeout after 60 s without a command"));
    }

    @Test
    void closesAnIdleSubmissionConnectionOnTheRealClock() throws Exception {
        try (LineClient c = LineClient.connect(timed.address(Endpoint.SUBMISSION))) {
            assertThat(c.readSmtpReply().get(0)).startsWith("220 ");
            c.send("EHLO idle.example");
            assertThat(c.readSmtpReply()).last().asString().startsWith("250 ");
            assertThat(c.readSmtpReply()).containsExactly("421 4.4.1 Connection timed out");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aCommandLineTrickledAByteAtATimeGetsNoMoreTimeThanAnIdleConnection() throws Exception {
        // A byte every 50 ms keeps bytes coming far more often than the 300 ms timeout, but never a line.
        HostileClients.Outcome outcome = HostileClients.slowloris(timed.address(Endpoint.SMTP), "EHLO ",
                Duration.ofMillis(50), 200);

        assertThat(outcome.closedByServer()).isTrue();
        assertThat(outcome.lines()).last().isEqualTo("421 4.4.1 Connection timed out");
        assertThat(outcome.bytesSent()).as("bytes trickled before the close").isLessThan(200);
    }

    @Test
    void answersAndClosesALineThatNeverEndsAfterABoundedNumberOfBytes() throws Exception {
        HostileClients.Outcome outcome = HostileClients.endlessLine(timed.address(Endpoint.SMTP), "NOOP ", ENDLESS_LIMIT);

        assertThat(outcome.closedByServer()).isTrue();
        assertThat(outcome.bytesSent()).as("bytes the client could send before the close")
                .isLessThan(ENDLESS_LIMIT / 4);
        SessionRecord session = timed.journal().sessions().stream()
                .filter(s -> s.transcript().stream().anyMatch(l -> l.text().startsWith("protocol error: endless")))
                .findFirst().orElseThrow();
        Await.until("the session to end", Duration.ofSeconds(10), () -> session.end().isPresent());
        assertThat(session.transcript()).map(TranscriptLine::toString).contains("S: 500 5.5.2 Line too long");
        assertThat(session.protocolErrors()).singleElement().asString()
                .contains("more than " + SmtpRequestDecoder.DEFAULT_ENDLESS_LINE_LENGTH + " octets");
    }

    @Test
    void refusesANonPositiveIdleTimeout() {
        assertThatThrownBy(() -> SmtpSessionOptions.DEFAULTS.withIdleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
