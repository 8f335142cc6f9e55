package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.store.StoredMessage;
import io.netty.buffer.Unpooled;

/**
 * RETR: the whole message, marked read for UPDATE; a file the store has not got in memory is read off the
 * event loop first. The encoder writes it in slices of the stored bytes as the socket takes them, and the
 * executor stops reading while the channel is full.
 */
final class RetrHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        int n = request.messageNumber();
        if (!c.checkMessage(n)) {
            return;
        }
        StoredMessage message = c.maildrop().message(n);
        c.withContent(message, read -> {
            c.maildrop().markRetrieved(n);
            // The stored array itself, which the encoder only reads: it copies a message that fits one TLS
            // record into the record's buffer, and slices a larger one. An array lets it scan and copy
            // without a view object per piece (a read-only ByteBuffer hides its array).
            c.reply(Pop3ReplyRenderer.content(Pop3Catalogue.OK, Unpooled.wrappedBuffer(read.source().bytes())));
        });
    }
}
