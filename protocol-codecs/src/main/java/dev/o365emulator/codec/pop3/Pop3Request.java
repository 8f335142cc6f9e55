package dev.o365emulator.codec.pop3;

import dev.o365emulator.codec.pop3.Pop3DecoderException.Reason;
import io.netty.handler.codec.DecoderResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One POP3 command line from the client: its verb, its arguments, and whether it was well formed.
 *
 * <p>Arguments are the line split on single spaces, except for {@code PASS}, whose one argument is
 * the rest of the line verbatim (passwords may contain spaces). When {@link #decoderResult()} is a
 * failure, its cause is a {@link Pop3DecoderException} saying why, the command is the verb as far
 * as it could be read ({@link Pop3Command#NONE} if not at all), and the session answers
 * {@code -ERR}. A successful request of a known verb has been checked against that verb's
 * grammar, and its numeric arguments come typed: {@link #number()} is the message number of
 * {@code RETR}, {@code DELE}, {@code TOP} and of {@code LIST} or {@code UIDL} with an argument,
 * {@link #lines()} is {@code TOP}'s line count; both are empty for every other verb and for a
 * failed request.
 *
 * @param number the message number the line names, parsed by the decoder
 * @param lines {@code TOP}'s line count, parsed by the decoder
 */
public record Pop3Request(Pop3Command command, List<String> arguments, DecoderResult decoderResult,
        OptionalInt number, OptionalInt lines) {

    public Pop3Request {
        Objects.requireNonNull(command, "command");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(decoderResult, "decoderResult");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(lines, "lines");
    }

    /**
     * A request whose numeric arguments are read from {@code arguments} as the decoder reads them
     * (none when the line failed).
     */
    public Pop3Request(Pop3Command command, List<String> arguments, DecoderResult decoderResult) {
        this(command, arguments, decoderResult,
                decoderResult.isSuccess() ? Pop3Arguments.messageNumber(command, arguments) : OptionalInt.empty(),
                decoderResult.isSuccess() ? Pop3Arguments.lineCount(command, arguments) : OptionalInt.empty());
    }

    /** A well-formed request, as a session test or a client-side encoder would build it. */
    public static Pop3Request of(Pop3Command command, String... arguments) {
        return new Pop3Request(command, List.of(arguments), DecoderResult.SUCCESS);
    }

    static Pop3Request failure(Pop3Command command, List<String> arguments, Reason reason, String why) {
        return new Pop3Request(command, arguments,
                DecoderResult.failure(new Pop3DecoderException(reason, why)), OptionalInt.empty(), OptionalInt.empty());
    }

    /** Whether the line was well formed. */
    public boolean isSuccess() {
        return decoderResult.isSuccess();
    }

    /** Why the line was rejected, or empty if it was not. */
    public Optional<Reason> failureReason() {
        return decoderResult.cause() instanceof Pop3DecoderException e
                ? Optional.of(e.reason())
                : Optional.empty();
    }

    /** The argument at {@code index}, or empty if there are not that many. */
    public Optional<String> argument(int index) {
        return index >= 0 && index < arguments.size() ? Optional.of(arguments.get(index)) : Optional.empty();
    }

    /**
     * The message number (RETR, DELE, TOP, and LIST or UIDL with an argument).
     *
     * @throws IllegalStateException if the line names no valid message number
     */
    public int messageNumber() {
        return number.orElseThrow(() -> new IllegalStateException(command + " has no valid message number: "
                + arguments));
    }

    /** The message number of LIST or UIDL if one was given; empty for the whole-mailbox form. */
    public OptionalInt optionalMessageNumber() {
        return number;
    }

    /**
     * TOP's second argument: how many body lines to send.
     *
     * @throws IllegalStateException if the line has no valid line count
     */
    public int lineCount() {
        return lines.orElseThrow(() -> new IllegalStateException(command + " has no valid line count: " + arguments));
    }
}
