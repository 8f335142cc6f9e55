package dev.o365emulator.codec.smtp;

import io.netty.handler.codec.DecoderResult;
import java.util.Objects;

/**
 * One line a client sent in answer to a {@code 334} challenge during AUTH, as the client sent it
 * (base64 or {@code *}); decoded instead of an {@link SmtpRequest} after
 * {@link SmtpRequestDecoder#expectSaslResponse()}.
 *
 * <p>{@link #toString()} never shows the line: it carries a password or a token.
 */
public record SmtpSaslResponse(String line, DecoderResult decoderResult) {

    public SmtpSaslResponse {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(decoderResult, "decoderResult");
    }

    @Override
    public String toString() {
        return "SmtpSaslResponse[" + line.length() + " chars"
                + (decoderResult.isFailure() ? ", failure=" + decoderResult.cause().getMessage() : "") + "]";
    }
}
