package dev.o365emulator.codec.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** The plain {@link SmtpContent} chunk the decoder emits. */
public final class DefaultSmtpContent extends DefaultByteBufHolder implements SmtpContent {

    public DefaultSmtpContent(ByteBuf content) {
        super(content);
    }

    @Override
    public DefaultSmtpContent replace(ByteBuf content) {
        return new DefaultSmtpContent(content);
    }

    @Override
    public DefaultSmtpContent copy() {
        return replace(content().copy());
    }

    @Override
    public DefaultSmtpContent duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public DefaultSmtpContent retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public DefaultSmtpContent retain() {
        super.retain();
        return this;
    }

    @Override
    public DefaultSmtpContent retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public DefaultSmtpContent touch() {
        super.touch();
        return this;
    }

    @Override
    public DefaultSmtpContent touch(Object hint) {
        super.touch(hint);
        return this;
    }
}
