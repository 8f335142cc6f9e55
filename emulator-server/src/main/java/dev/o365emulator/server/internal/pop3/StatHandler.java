package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;

/** STAT: the drop listing, messages marked deleted left out. */
final class StatHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        c.reply(c.maildrop().dropListing());
    }
}
