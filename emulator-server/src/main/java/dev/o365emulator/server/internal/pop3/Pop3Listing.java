package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.codec.pop3.Pop3Responses;
import dev.o365emulator.server.internal.reply.Office365Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** RFC 1939's listings (LIST's scan listing, UIDL's unique-id listing): {@code n value} for one message or for all. */
final class Pop3Listing {

    private Pop3Listing() {
    }

    /**
     * With a message number, {@code +OK n value} (or why that message cannot be listed); without,
     * {@code header}, then a line for each message not marked deleted, then the dot.
     */
    static void answer(Pop3Connection c, Pop3Request request, Supplier<Office365Reply> header,
            IntFunction<String> value) {
        if (request.number().isPresent()) {
            int n = request.number().getAsInt();
            if (c.checkMessage(n)) {
                c.reply(Pop3Responses.ok(n + " " + value.apply(n)));
            }
            return;
        }
        Pop3Maildrop maildrop = c.maildrop();
        List<String> lines = new ArrayList<>(maildrop.visibleCount());
        for (int n = 1; n <= maildrop.size(); n++) {
            if (!maildrop.isDeleted(n)) {
                lines.add(n + " " + value.apply(n));
            }
        }
        c.reply(Pop3ReplyRenderer.listing(header.get(), lines));
    }
}
