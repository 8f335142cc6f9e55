package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;

/** NOOP: {@code +OK}. */
final class NoopHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        c.reply(Pop3Catalogue.OK);
    }
}
