package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapContinuationLine;
import dev.o365emulator.codec.imap.ImapContinuationResponse;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.reply.ImapCatalogue;

/**
 * IDLE (RFC 2177): the continuation, then what other sessions change as it happens (the folder
 * listener wakes the session: {@link ImapConnection#wakeUp}) until the client's {@code DONE}. An idling
 * client whose XOAUTH2 token expires is told at the token's exp, without waiting for DONE.
 */
final class IdleHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        require(request.arguments().isEmpty());
        c.send(new ImapContinuationResponse(ImapReplies.IDLE_CONTINUATION), "+ " + ImapReplies.IDLE_CONTINUATION);
        Idling idling = new Idling(request.tag());
        c.awaiting = idling;
        c.decoder.expectContinuationLine();
        c.sendUpdates(true);
        if (c.tokenExpiry != null) {
            c.tokenExpiry.watch(c.ctx.executor(), () -> idling.tokenExpired(c));
        }
    }

    /** An IDLE waiting for its {@code DONE}. */
    static final class Idling implements ImapConnection.ContinuationReader {

        private final String tag;

        Idling(String tag) {
            this.tag = tag;
        }

        @Override
        public void read(ImapConnection c, ImapContinuationLine line) {
            c.awaiting = null;
            if (c.tokenExpiry != null) {
                c.tokenExpiry.unwatch();
            }
            c.record.client(line.decoderResult().isSuccess() ? line.text() : "<invalid line>");
            if (line.decoderResult().isSuccess() && line.text().equalsIgnoreCase("DONE")) {
                c.completed(tag, ImapCommand.IDLE);
            } else {
                c.reply(tag, ImapCatalogue.ARGUMENT_ERROR);
            }
        }

        void tokenExpired(ImapConnection c) {
            if (c.awaiting == this && c.state != ImapState.LOGOUT && c.ctx.channel().isActive()) {
                c.awaiting = null;
                c.closeWith(ImapCatalogue.TOKEN_EXPIRED);
            }
        }
    }
}
