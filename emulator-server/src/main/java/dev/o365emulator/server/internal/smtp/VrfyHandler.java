package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpRequest;

/** VRFY: never says whether a mailbox exists (see {@code SmtpCatalogue.VRFY}). */
final class VrfyHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        c.reply(request.argument().isBlank() ? SmtpReplies.INVALID_ARGUMENTS : SmtpReplies.VRFY);
    }
}
