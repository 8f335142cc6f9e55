package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpRequest;

/** NOOP, whatever its argument. */
final class NoopHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        c.reply(SmtpReplies.OK);
    }
}
