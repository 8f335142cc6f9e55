package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;

/** UIDL: one message's unique-id, or every one after a bare {@code +OK}. */
final class UidlHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        Pop3Listing.answer(c, request, () -> Pop3Catalogue.OK, c.maildrop()::uniqueId);
    }
}
