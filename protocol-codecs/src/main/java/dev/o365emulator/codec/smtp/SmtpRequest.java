package dev.o365emulator.codec.smtp;

import io.netty.handler.codec.DecoderResult;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One SMTP command line as decoded by {@link SmtpRequestDecoder}: the verb, the raw argument
 * string after it, and whether decoding succeeded.
 *
 * <p>A failed request ({@code decoderResult().isFailure()}) carries why in its cause (line too
 * long, bare LF, NUL byte, malformed BDAT size, …); its command and argument are best effort and
 * may be empty. The session answers it with a syntax error and goes on.
 *
 * @param command the verb; {@link #UNPARSED} on a line that could not be read at all
 * @param argument everything after the first space of the line, unchanged (may be empty)
 */
public record SmtpRequest(SmtpCommand command, String argument, DecoderResult decoderResult) {

    /** The verb of a request whose line could not be read (too long, empty, bad bytes). */
    public static final SmtpCommand UNPARSED = SmtpCommand.valueOf("");

    public SmtpRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(decoderResult, "decoderResult");
    }

    /** A successfully decoded request. */
    public static SmtpRequest of(SmtpCommand command, String argument) {
        return new SmtpRequest(command, argument, DecoderResult.SUCCESS);
    }

    /** A request that failed to decode, with the reason as an exception for the session to log. */
    public static SmtpRequest failure(SmtpCommand command, String argument, Throwable cause) {
        return new SmtpRequest(command, argument, DecoderResult.failure(cause));
    }

    /** The argument split at spaces, empty parts dropped; use {@link #argument()} for MAIL/RCPT paths. */
    public List<String> parameters() {
        String trimmed = argument.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.stream(trimmed.split(" +")).toList();
    }

    @Override
    public String toString() {
        String shown = argument;
        // AUTH can carry an initial response (a password or a token): keep only the mechanism.
        if (command.equals(SmtpCommand.AUTH)) {
            List<String> parameters = parameters();
            shown = parameters.isEmpty() ? "" : parameters.get(0) + (parameters.size() > 1 ? " <redacted>" : "");
        }
        return "SmtpRequest[" + command + (shown.isEmpty() ? "" : " " + shown)
                + (decoderResult.isFailure() ? ", failure=" + decoderResult.cause().getMessage() : "") + "]";
    }
}
