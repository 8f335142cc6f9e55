package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;

/** LIST: one message's size, or every size after the drop listing. */
final class ListHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        Pop3Maildrop maildrop = c.maildrop();
        // Exchange puts the count and total size on the +OK line of a LIST.
        Pop3Listing.answer(c, request, maildrop::dropListing, n -> Integer.toString(maildrop.message(n).size()));
    }
}
