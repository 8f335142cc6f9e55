package dev.o365emulator.cli;

import dev.o365emulator.server.Emulator;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options about what a client will meet at Office 365 rather than how the emulator runs:
 * {@code --as-of DATE} (the emulator's clock at start, which chooses the announced basic-auth phase)
 * and {@code --lint} (a table of the clients' findings at exit).
 */
final class BehaviourOptions {

    @Option(names = "--as-of", paramLabel = "DATE", converter = InstantConverter.class,
            description = "Start the emulator's clock at this date (YYYY-MM-DD, 00:00 UTC, or an ISO instant); the"
                    + " date then chooses the announced phase of basic authentication for SMTP client submission"
                    + " (allowed through December 2026, disabled by default from 2027-01-01) where the tenant names"
                    + " none.")
    Instant asOf;

    @Option(names = "--lint", description = "Judge every client as it runs and print a table of its findings"
            + " (what it does that Office 365 refuses or will refuse) when the emulator stops, Ctrl-C included.")
    boolean lint;

    private volatile LintSummary summary;

    /** Applies the options to the emulator about to start. */
    void configure(Emulator.Builder builder) {
        if (asOf != null) {
            builder.asOf(asOf);
        }
    }

    /** Starts listening to the running emulator's journal. */
    void started(Emulator emulator) {
        if (lint) {
            summary = new LintSummary();
            emulator.journal().addListener(summary);
        }
    }

    /** Prints what {@code --lint} collected; called once as the emulator stops. */
    void stopped(PrintWriter out) {
        LintSummary s = summary;
        summary = null;
        if (s != null) {
            s.print(out);
        }
    }

    /** A day ({@code 2027-01-15}, read as its first instant in UTC) or an ISO-8601 instant. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a date (YYYY-MM-DD) or an instant (YYYY-MM-DDTHH:MM:SSZ)");
            }
        }
    }
}
