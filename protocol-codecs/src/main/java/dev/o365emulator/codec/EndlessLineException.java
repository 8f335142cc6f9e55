package dev.o365emulator.codec;

import io.netty.handler.codec.TooLongFrameException;

/**
 * A line went on far past the decoder's line limit without ending: the cause of the one failed
 * message a decoder emits for it, so the session can answer and close the connection rather than
 * read a line that may never end.
 *
 * <p>Like other decoding failures it is never thrown, only carried in a {@code DecoderResult}; the
 * decoder itself goes on skipping up to the line's end. It has no stack trace, because a client can
 * cause it.
 */
public final class EndlessLineException extends TooLongFrameException {

    private static final long serialVersionUID = 1L;

    public EndlessLineException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
