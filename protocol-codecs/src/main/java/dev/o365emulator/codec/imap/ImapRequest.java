package dev.o365emulator.codec.imap;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import java.util.List;
import java.util.Objects;

/**
 * One complete IMAP command: tag, command name and arguments, or a failed decode of one.
 *
 * <p>A failed request carries the tag when one could be read, so the session answers
 * {@code <tag> BAD ...}; without a tag ({@link #tag()} is {@code null}) it answers
 * {@code * BAD ...}. The command name is upper-cased; {@code UID FETCH} arrives as command
 * {@code UID} with {@code FETCH} as its first argument.
 *
 * <p>The arguments of the commands that address messages (FETCH, SEARCH, STORE, COPY, MOVE, their
 * UID forms and UID EXPUNGE) come typed as well, parsed once when the request is built:
 * {@link #typedArguments()}.
 */
public final class ImapRequest implements DecoderResultProvider {

    private final String tag;
    private final String command;
    private final List<ImapArgument> arguments;
    private final ImapCommandArguments typedArguments;
    private DecoderResult decoderResult;

    public ImapRequest(String tag, String command, List<ImapArgument> arguments) {
        this(tag, command, arguments, DecoderResult.SUCCESS);
    }

    private ImapRequest(String tag, String command, List<ImapArgument> arguments, DecoderResult result) {
        this.tag = tag;
        this.command = command;
        this.arguments = List.copyOf(arguments);
        this.typedArguments = result.isSuccess() ? ImapCommandArguments.of(command, this.arguments) : null;
        this.decoderResult = result;
    }

    /** A request that could not be decoded; {@code tag} may be {@code null}. */
    public static ImapRequest invalid(String tag, Throwable cause) {
        return new ImapRequest(tag, null, List.of(), DecoderResult.failure(cause));
    }

    /** The tag, or {@code null} when a failed request had none that could be read. */
    public String tag() {
        return tag;
    }

    /** The upper-cased command name, or {@code null} on a failed request. */
    public String command() {
        return command;
    }

    public List<ImapArgument> arguments() {
        return arguments;
    }

    /**
     * The typed arguments of a command that addresses messages ({@link ImapCommandArguments#of}), or
     * null for any other command and for a failed request.
     */
    public ImapCommandArguments typedArguments() {
        return typedArguments;
    }

    @Override
    public DecoderResult decoderResult() {
        return decoderResult;
    }

    @Override
    public void setDecoderResult(DecoderResult result) {
        this.decoderResult = Objects.requireNonNull(result);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImapRequest request
                && Objects.equals(tag, request.tag)
                && Objects.equals(command, request.command)
                && arguments.equals(request.arguments)
                && decoderResult.isSuccess() == request.decoderResult.isSuccess()
                && Objects.equals(failureMessage(), request.failureMessage());
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, command, arguments, decoderResult.isSuccess());
    }

    private String failureMessage() {
        return decoderResult.isFailure() ? decoderResult.cause().getMessage() : null;
    }

    @Override
    public String toString() {
        return decoderResult.isSuccess()
                ? "ImapRequest[" + tag + " " + command + " " + arguments + "]"
                : "ImapRequest[" + tag + " failed: " + failureMessage() + "]";
    }
}
