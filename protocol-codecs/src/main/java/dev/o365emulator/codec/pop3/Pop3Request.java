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
 * grammar, so {@link #messageNumber()} and {@link #lineCount()} do not fail on it.
 */
public record Pop3Request(Pop3Command command, List<String> arguments, DecoderResult decoderResult) {

    public Pop3Request {
        Objects.requireNonNull(command, "command");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(decoderResult, "decoderResult");
    }

    /** A well-formed request, as a session test or a client-side encoder would build it. */
    public static Pop3Request of(Pop3Command command, String... arguments) {
        return new Pop3Request(command, List.of(arguments), DecoderResult.SUCCESS);
    }

    static Pop3Request failure(Pop3Command command, List<String> arguments, Reason reason, String why) {
        return new Pop3Request(command, arguments,
                DecoderResult.failure(new Pop3DecoderException(reason, why)));
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
     * The first argument as a message number (RETR, DELE, TOP, and LIST or UIDL with an argument).
     *
     * @throws IllegalStateException if the first argument is missing or not a valid message number
     */
    public int messageNumber() {
        int n = arguments.isEmpty() ? -1 : Pop3Arguments.messageNumber(arguments.get(0));
        if (n < 0) {
            throw new IllegalStateException(command + " has no valid message number: " + arguments);
        }
        return n;
    }

    /** The message number of LIST or UIDL if one was given; empty for the whole-mailbox form. */
    public OptionalInt optionalMessageNumber() {
        return arguments.isEmpty() ? OptionalInt.empty() : OptionalInt.of(messageNumber());
    }

    /**
     * TOP's second argument: how many body lines to send.
     *
     * @throws IllegalStateException if the second argument is missing or not a valid line count
     */
    public int lineCount() {
        int n = arguments.size() < 2 ? -1 : Pop3Arguments.lineCount(arguments.get(1));
        if (n < 0) {
            throw new IllegalStateException(command + " has no valid line count: " + arguments);
        }
        return n;
    }
}
