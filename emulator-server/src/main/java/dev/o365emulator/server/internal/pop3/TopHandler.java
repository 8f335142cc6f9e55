package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Messages;
import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.store.StoredMessage;
import io.netty.buffer.Unpooled;

/**
 * TOP: the header and the first lines of the body; with body lines, the message counts as read. A file the
 * store has not got in memory is read off the event loop first.
 */
final class TopHandler implements Pop3CommandHandler {

    /** Where TOP starts looking for the end of the lines it sends; doubled until found. */
    private static final int TOP_WINDOW = 8 * 1024;

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        int n = request.messageNumber();
        if (!c.checkMessage(n)) {
            return;
        }
        int lines = request.lineCount();
        StoredMessage message = c.maildrop().message(n);
        c.withContent(message, read -> {
            if (lines > 0) {
                // Exchange counts TOP with body lines as reading the message, like RETR.
                c.maildrop().markRetrieved(n);
            }
            int length = topLength(read, lines);
            c.reply(Pop3ReplyRenderer.content(Pop3Catalogue.OK, Unpooled.wrappedBuffer(read.slice(0, length))));
        });
    }

    /**
     * {@link Pop3Messages#topLength} over a growing prefix of the message, so TOP of a large message
     * copies about what it sends, not the whole message.
     */
    static int topLength(StoredMessage message, int lines) {
        int size = message.size();
        int window = Math.min(size, TOP_WINDOW);
        while (true) {
            byte[] prefix = new byte[window];
            message.slice(0, window).get(prefix);
            int length = Pop3Messages.topLength(prefix, lines);
            // Shorter than the prefix means every line it needs ended inside it.
            if (length < window || window == size) {
                return length;
            }
            window = (int) Math.min(size, window * 2L);
        }
    }
}
