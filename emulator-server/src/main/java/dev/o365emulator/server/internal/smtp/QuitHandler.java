package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.scenarios.Stage;
import io.netty.channel.ChannelFutureListener;

/** QUIT, stage {@code logout}: the goodbye, then the close; nothing the client sent after it is read. */
final class QuitHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        c.apply(c.decide(c.stage(Stage.LOGOUT, "QUIT")), () -> {
            c.executor().closing();
            c.replyAndFlush(SmtpReplies.CLOSING).addListener(ChannelFutureListener.CLOSE);
        });
    }
}
