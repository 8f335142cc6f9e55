package dev.o365emulator.codec.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A chunk of a streamed literal that follows an {@link ImapStreamedRequest}; the receiver releases it.
 */
public final class ImapLiteralContent extends DefaultByteBufHolder {

    private final boolean last;

    public ImapLiteralContent(ByteBuf content, boolean last) {
        super(content);
        this.last = last;
    }

    /** Whether this is the final chunk of the literal. */
    public boolean isLast() {
        return last;
    }

    @Override
    public ImapLiteralContent replace(ByteBuf content) {
        return new ImapLiteralContent(content, last);
    }

    @Override
    public ImapLiteralContent retain() {
        super.retain();
        return this;
    }

    @Override
    public ImapLiteralContent retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public ImapLiteralContent touch() {
        super.touch();
        return this;
    }

    @Override
    public ImapLiteralContent touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "ImapLiteralContent[" + content().readableBytes() + " bytes" + (last ? ", last]" : "]");
    }
}
