package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;

/** LOGOUT: the sign-off, the tagged OK, and the connection closes once they are written. */
final class LogoutHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        require(request.arguments().isEmpty());
        c.unsolicited(ImapCatalogue.SIGN_OFF);
        c.reply(request.tag(), ImapReplies.completed(command));
        c.state = ImapState.LOGOUT;
        c.executor.closing();
        c.ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
