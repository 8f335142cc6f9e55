package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;

/** USER: remembers the name for PASS; Office 365 says {@code +OK} to any name. */
final class UserHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        if (!c.mayLogIn()) {
            c.reply(Pop3Catalogue.INVALID_STATE);
            return;
        }
        c.pendingUser(request.arguments().get(0));
        c.reply(Pop3Catalogue.OK);
    }
}
