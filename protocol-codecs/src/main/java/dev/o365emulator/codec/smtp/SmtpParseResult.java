package dev.o365emulator.codec.smtp;

import java.util.Objects;

/**
 * The outcome of parsing a command argument: the typed value, or why it is a syntax error (the
 * session answers {@code 501 5.5.4}).
 */
public sealed interface SmtpParseResult<T> permits SmtpParseResult.Parsed, SmtpParseResult.Invalid {

    /** The argument parsed. */
    record Parsed<T>(T value) implements SmtpParseResult<T> {
        public Parsed {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The argument is malformed; {@code reason} is for logs and transcripts. */
    record Invalid<T>(String reason) implements SmtpParseResult<T> {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
