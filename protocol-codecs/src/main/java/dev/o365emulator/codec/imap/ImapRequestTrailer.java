package dev.o365emulator.codec.imap;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import java.util.List;
import java.util.Objects;

/**
 * The end of a streamed command: the arguments after its large literal, or why they were invalid.
 *
 * <p>A failed trailer means the whole command is invalid; the session answers
 * {@code <tag> BAD ...} with the tag of the preceding {@link ImapStreamedRequest}.
 */
public final class ImapRequestTrailer implements DecoderResultProvider {

    private final List<ImapArgument> arguments;
    private DecoderResult decoderResult;

    public ImapRequestTrailer(List<ImapArgument> arguments) {
        this.arguments = List.copyOf(arguments);
        this.decoderResult = DecoderResult.SUCCESS;
    }

    public static ImapRequestTrailer invalid(Throwable cause) {
        ImapRequestTrailer trailer = new ImapRequestTrailer(List.of());
        trailer.decoderResult = DecoderResult.failure(cause);
        return trailer;
    }

    public List<ImapArgument> arguments() {
        return arguments;
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
        return decoderResult.isSuccess()
                ? "ImapRequestTrailer" + arguments
                : "ImapRequestTrailer[failed: " + decoderResult.cause().getMessage() + "]";
    }
}
