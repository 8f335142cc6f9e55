package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;

/** DELE: marks a message deleted; UPDATE applies the mark at QUIT. */
final class DeleHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        int n = request.messageNumber();
        if (!c.checkMessage(n)) {
            return;
        }
        c.maildrop().markDeleted(n);
        c.reply(Pop3Catalogue.OK);
    }
}
