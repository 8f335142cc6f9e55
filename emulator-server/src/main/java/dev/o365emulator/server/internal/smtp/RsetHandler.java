package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpRequest;

/** RSET: the transaction ends; a session not yet greeted stays so. */
final class RsetHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        c.endTransaction();
        c.state(c.state() == SmtpState.CONNECTED ? SmtpState.CONNECTED : SmtpState.GREETED);
        c.reply(SmtpReplies.RESETTING);
    }
}
