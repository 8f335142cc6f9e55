package dev.o365emulator.codec.smtp;

import io.netty.handler.codec.DecoderResult;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One SMTP command line as decoded by {@link SmtpRequestDecoder}: the verb, the raw argument
 * string after it, whether decoding succeeded, and for MAIL and RCPT the argument typed.
 *
 * <p>A failed request ({@code decoderResult().isFailure()}) carries why in its cause (line too
 * long, bare LF, NUL byte, malformed BDAT size, …); its command and argument are best effort and
 * may be empty. The session answers it with a syntax error and goes on.
 *
 * <p>A MAIL or RCPT line that decodes but whose argument does not parse is still a successful
 * request: the line was read in step, and the session answers the argument's
 * {@link SmtpParseResult.Invalid} with {@code 501 5.5.4}.
 *
 * @param command the verb; {@link #UNPARSED} on a line that could not be read at all
 * @param argument everything after the first space of the line, unchanged (may be empty)
 * @param mailFrom MAIL's argument parsed ({@link SmtpPathParser#parseMailFrom}); null for any other
 *     command and for a failed request
 * @param rcptTo RCPT's argument parsed ({@link SmtpPathParser#parseRcptTo}); null for any other
 *     command and for a failed request
 */
public record SmtpRequest(SmtpCommand command, String argument, DecoderResult decoderResult,
        SmtpParseResult<SmtpPathParser.MailFrom> mailFrom, SmtpParseResult<SmtpPathParser.RcptTo> rcptTo) {

    /** The verb of a request whose line could not be read (too long, empty, bad bytes). */
    public static final SmtpCommand UNPARSED = SmtpCommand.valueOf("");

    public SmtpRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(decoderResult, "decoderResult");
        if (mailFrom != null && !command.equals(SmtpCommand.MAIL) || rcptTo != null && !command.equals(SmtpCommand.RCPT)) {
            throw new IllegalArgumentException("a typed path argument belongs to MAIL or RCPT, not " + command);
        }
    }

    /** A successfully decoded request; MAIL's and RCPT's arguments are parsed here. */
    public static SmtpRequest of(SmtpCommand command, String argument) {
        return new SmtpRequest(command, argument, DecoderResult.SUCCESS,
                command.equals(SmtpCommand.MAIL) ? SmtpPathParser.parseMailFrom(argument) : null,
                command.equals(SmtpCommand.RCPT) ? SmtpPathParser.parseRcptTo(argument) : null);
    }

    /** A request that failed to decode, with the reason as an exception for the session to log. */
    public static SmtpRequest failure(SmtpCommand command, String argument, Throwable cause) {
        return new SmtpRequest(command, argument, DecoderResult.failure(cause), null, null);
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
