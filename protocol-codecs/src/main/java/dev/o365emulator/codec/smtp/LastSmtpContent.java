package dev.o365emulator.codec.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;

/**
 * The end of a message: after {@code <CRLF>.<CRLF>} for DATA, after the last octet of a
 * {@code BDAT … LAST} chunk. It carries no content itself (an empty buffer) but says how many
 * content octets the message had and whether it went over the size limit.
 *
 * <p>When {@link #tooLarge()} is true the decoder stopped emitting content once the limit was
 * passed and consumed the rest silently, so the connection stays in sync; the decoder result is
 * then a failure with a {@link SmtpMessageTooLargeException}, and the session answers
 * {@code 552} and drops the chunks it already received.
 */
public final class LastSmtpContent extends DefaultByteBufHolder implements SmtpContent {

    private final long messageSize;
    private final DecoderResult decoderResult;

    /**
     * @param messageSize content octets of the whole message (all BDAT chunks), counted after
     *     dot-unstuffing, including those past the limit
     */
    public LastSmtpContent(long messageSize, DecoderResult decoderResult) {
        this(Unpooled.EMPTY_BUFFER, messageSize, decoderResult);
    }

    private LastSmtpContent(ByteBuf content, long messageSize, DecoderResult decoderResult) {
        super(content);
        this.messageSize = messageSize;
        this.decoderResult = decoderResult;
    }

    /** The end of a message that stayed within its limit. */
    public static LastSmtpContent ofSize(long messageSize) {
        return new LastSmtpContent(messageSize, DecoderResult.SUCCESS);
    }

    /** The end of a message that went over {@code limit}. */
    public static LastSmtpContent tooLarge(long messageSize, long limit) {
        return new LastSmtpContent(messageSize,
                DecoderResult.failure(new SmtpMessageTooLargeException(messageSize, limit)));
    }

    /** Content octets of the whole message, including any beyond the limit. */
    public long messageSize() {
        return messageSize;
    }

    /** Whether the message went over the size limit and its content was not (all) emitted. */
    public boolean tooLarge() {
        return decoderResult.cause() instanceof SmtpMessageTooLargeException;
    }

    public DecoderResult decoderResult() {
        return decoderResult;
    }

    @Override
    public LastSmtpContent replace(ByteBuf content) {
        return new LastSmtpContent(content, messageSize, decoderResult);
    }

    @Override
    public LastSmtpContent copy() {
        return replace(content().copy());
    }

    @Override
    public LastSmtpContent duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public LastSmtpContent retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public LastSmtpContent retain() {
        super.retain();
        return this;
    }

    @Override
    public LastSmtpContent retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public LastSmtpContent touch() {
        super.touch();
        return this;
    }

    @Override
    public LastSmtpContent touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "LastSmtpContent[messageSize=" + messageSize + (tooLarge() ? ", tooLarge" : "") + "]";
    }
}
