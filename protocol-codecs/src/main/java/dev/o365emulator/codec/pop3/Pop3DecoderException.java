package dev.o365emulator.codec.pop3;

import io.netty.handler.codec.DecoderException;
import java.util.Objects;

/**
 * Why a POP3 input line was rejected; the cause of a failed {@code DecoderResult}.
 *
 * <p>It is never thrown by the decoder: it travels inside the emitted request so the session can
 * answer {@code -ERR} and carry on. It has no stack trace, because a client can make many of them.
 */
public final class Pop3DecoderException extends DecoderException {

    /** The kinds of bad input the decoder recognises. */
    public enum Reason {
        /** The line, CRLF included, is longer than the decoder's limit; it was skipped. */
        LINE_TOO_LONG,
        /**
         * The line went past the decoder's endless-line length without ending; reported at once, in
         * place of {@link #LINE_TOO_LONG}, so the session can answer and close instead of reading on.
         */
        ENDLESS_LINE,
        /** The line ended with LF alone while bare LF is not allowed. */
        BARE_LF,
        /** The line holds a CR that is not part of its CRLF. */
        BARE_CR,
        /** The line holds a NUL byte. */
        NUL_BYTE,
        /** The line is empty. */
        EMPTY_LINE,
        /** The line starts with a space, so it has no verb. */
        MISSING_COMMAND,
        /** Two spaces in a row, or a trailing space, made an empty argument. */
        EMPTY_ARGUMENT,
        /** An unknown verb came with more arguments than the decoder allows. */
        TOO_MANY_ARGUMENTS,
        /** A known verb came with fewer or more arguments than its grammar has. */
        WRONG_ARGUMENT_COUNT,
        /** A message number is not a positive decimal number that fits an {@code int}. */
        INVALID_MESSAGE_NUMBER,
        /** TOP's line count is not a non-negative decimal number that fits an {@code int}. */
        INVALID_LINE_COUNT
    }

    private final Reason reason;

    public Pop3DecoderException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Which kind of bad input this was. */
    public Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
