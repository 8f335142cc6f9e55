package dev.o365emulator.codec.pop3;

import dev.o365emulator.codec.pop3.Pop3DecoderException.Reason;
import io.netty.handler.codec.DecoderResult;
import java.util.Objects;
import java.util.Optional;

/**
 * One client line sent in answer to a {@code + } SASL challenge during {@code AUTH} (RFC 5034):
 * base64 text, an empty line, or {@code *} to cancel.
 *
 * <p>The decoder emits it instead of a {@link Pop3Request} for the one line after the session
 * called {@link Pop3RequestDecoder#expectSaslResponse()}. The line is not decoded from base64 here;
 * that is the SASL layer's job.
 */
public record Pop3SaslResponse(String line, DecoderResult decoderResult) {

    public Pop3SaslResponse {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(decoderResult, "decoderResult");
    }

    /** A well-formed response line. */
    public static Pop3SaslResponse of(String line) {
        return new Pop3SaslResponse(line, DecoderResult.SUCCESS);
    }

    static Pop3SaslResponse failure(Reason reason, String why) {
        return new Pop3SaslResponse("", DecoderResult.failure(new Pop3DecoderException(reason, why)));
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

    /** Whether the client cancelled the exchange with {@code *} (RFC 5034 §4). */
    public boolean isCancel() {
        return isSuccess() && "*".equals(line);
    }
}
