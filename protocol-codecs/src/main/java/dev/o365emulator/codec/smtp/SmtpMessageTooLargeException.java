package dev.o365emulator.codec.smtp;

import io.netty.handler.codec.DecoderException;

/** Why a message ended with a failed {@link LastSmtpContent}: it went over the size limit. */
public final class SmtpMessageTooLargeException extends DecoderException {

    private static final long serialVersionUID = 1L;

    private final long messageSize;
    private final long limit;

    public SmtpMessageTooLargeException(long messageSize, long limit) {
        super("message of " + messageSize + " octets exceeds the limit of " + limit);
        this.messageSize = messageSize;
        this.limit = limit;
    }

    /** Content octets the client sent, all of them. */
    public long messageSize() {
        return messageSize;
    }

    /** The limit in force. */
    public long limit() {
        return limit;
    }
}
