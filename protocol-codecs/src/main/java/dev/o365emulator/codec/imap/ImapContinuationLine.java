package dev.o365emulator.codec.imap;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import java.util.Objects;

/**
 * An untagged client line the session asked for: a SASL response after {@code +}, or IDLE's {@code DONE}.
 *
 * <p>The decoder emits one after {@link ImapRequestDecoder#expectContinuationLine()}; a failed one
 * (too long, bare LF, NUL) carries no text.
 */
public final class ImapContinuationLine implements DecoderResultProvider {

    private final String text;
    private DecoderResult decoderResult;

    public ImapContinuationLine(String text) {
        this.text = Objects.requireNonNull(text);
        this.decoderResult = DecoderResult.SUCCESS;
    }

    public static ImapContinuationLine invalid(Throwable cause) {
        ImapContinuationLine line = new ImapContinuationLine("");
        line.decoderResult = DecoderResult.failure(cause);
        return line;
    }

    /** The line without its CRLF, as US-ASCII (base64 and {@code DONE} are ASCII). */
    public String text() {
        return text;
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
    public String toString() {
        return "ImapContinuationLine[" + (decoderResult.isSuccess() ? text : "failed") + "]";
    }
}
