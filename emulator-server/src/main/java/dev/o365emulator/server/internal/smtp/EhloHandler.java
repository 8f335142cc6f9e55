package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpCommand;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.server.TlsMode;
import java.util.List;

/**
 * EHLO and HELO: the client's name is kept for the {@code Received:} field, any transaction ends, and
 * the EHLO list offers {@code STARTTLS} before TLS (on the STARTTLS endpoints) or AUTH after it.
 */
final class EhloHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        List<String> words = request.parameters();
        String name = words.isEmpty() ? "" : words.get(0);
        if (name.isEmpty()) {
            c.reply(SmtpReplies.INVALID_ARGUMENTS);
            return;
        }
        c.endTransaction();
        c.heloName(name);
        c.state(SmtpState.GREETED);
        boolean offerStartTls = !c.tls() && c.context().endpoint().tlsMode() == TlsMode.STARTTLS;
        c.reply(request.command().equals(SmtpCommand.EHLO)
                ? SmtpReplies.ehlo(c.host(), c.clientIp(), offerStartTls, c.tls(), c.plainAllowed())
                : SmtpReplies.helo(c.host(), c.clientIp()));
    }
}
