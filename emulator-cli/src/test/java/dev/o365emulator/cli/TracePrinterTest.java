package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.journal.Severity;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TracePrinterTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 25);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50_000);

    @Test
    void printsEveryLineWithItsSessionFromItsOwnThread() {
        StringWriter text = new StringWriter();
        SessionJournal journal = new SessionJournal(Clock.systemUTC());
        try (TracePrinter printer = new TracePrinter(new PrintWriter(text))) {
            journal.addListener(printer);
            SessionRecord record = journal.open(Endpoint.SMTP, LOCAL, REMOTE);
            record.server("220 ready");
            record.client("EHLO client.example");
            journal.close(record);
        }
        assertThat(text.toString().lines()).containsExactly("[#1 smtp] *: connection from 127.0.0.1:50000",
                "[#1 smtp] S: 220 ready", "[#1 smtp] C: EHLO client.example", "[#1 smtp] *: closed");
    }

    @Test
    void printsAFindingAsABangLine() {
        StringWriter text = new StringWriter();
        SessionJournal journal = new SessionJournal(Clock.systemUTC());
        try (TracePrinter printer = new TracePrinter(new PrintWriter(text))) {
            journal.addListener(printer);
            SessionRecord record = journal.open(Endpoint.SUBMISSION, LOCAL, REMOTE);
            record.client("AUTH LOGIN");
            record.finding(new Finding("auth-before-starttls", Severity.ERROR, 0, "Send STARTTLS first."));
            journal.close(record);
        }
        assertThat(text.toString().lines()).contains("[#1 submission] ! ERROR auth-before-starttls: Send STARTTLS first.");
    }

    @Test
    void neverWaitsForAStuckOutputAndDropsWhatDoesNotFitCountingIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        StringWriter text = new StringWriter();
        Writer stuck = new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                writing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                text.write(chars, offset, length);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        SessionJournal journal = new SessionJournal(Clock.systemUTC());
        int maxPending = 10_000;
        try (TracePrinter printer = new TracePrinter(new PrintWriter(stuck), maxPending)) {
            journal.addListener(printer);
            SessionRecord record = journal.open(Endpoint.SMTP, LOCAL, REMOTE);
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            // The printing thread is stuck in write(); this thread (an event loop's stand-in) goes on.
            for (int i = 0; i < 5_000; i++) {
                record.client("NOOP " + i);
                assertThat(printer.pendingChars()).isLessThanOrEqualTo(maxPending);
            }
            assertThat(printer.dropped()).isPositive();
            long dropped = printer.dropped();
            release.countDown();
            String notice = "[trace] " + dropped + " line(s) not printed: the output could not keep up";
            Await.until("the drop notice", Duration.ofSeconds(10), () -> text.toString().contains(notice));
            record.client("NOOP after");
        }
        assertThat(text.toString()).contains("[#1 smtp] C: NOOP 0").contains("[#1 smtp] C: NOOP after")
                .doesNotContain("C: NOOP 4999");
    }

    @Test
    void readsTheJournalBudgetOption() {
        EmulatorCommand command = new EmulatorCommand();
        new CommandLine(command).parseArgs("--journal-budget", "64MB");
        assertThat(command.journalBudget).isEqualTo(64L * 1024 * 1024);
        new CommandLine(command).parseArgs("--journal-budget", "512KB");
        assertThat(command.journalBudget).isEqualTo(512L * 1024);
        new CommandLine(command).parseArgs("--journal-budget", "100000");
        assertThat(command.journalBudget).isEqualTo(100_000L);
        assertThat(new EmulatorCommand().journalBudget).isEqualTo(SessionJournal.DEFAULT_BUDGET_BYTES);
        assertThatThrownBy(() -> new CommandLine(new EmulatorCommand()).parseArgs("--journal-budget", "lots"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("expected a size such as 64MB");
        assertThatThrownBy(() -> new CommandLine(new EmulatorCommand()).parseArgs("--journal-budget", "1KB"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("at least 64KB");
    }
}
