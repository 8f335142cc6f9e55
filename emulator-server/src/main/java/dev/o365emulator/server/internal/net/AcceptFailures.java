package dev.o365emulator.server.internal.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * Sits on each listening socket and handles a failed accept, typically {@code accept(..) failed: Too
 * many open files}: the listener stops accepting for {@link #PAUSE_MILLIS} (the connections wait in
 * the kernel's backlog meanwhile) instead of retrying at once, and the failures are reported through
 * a {@link ThrottledLog} instead of one log line each.
 *
 * <p>Netty's own acceptor pauses for a second too, then passes the failure on to the end of the
 * pipeline, where it is logged every time; this handler comes before it and ends the failure there.
 * The {@link ConnectionLimiter}'s caps keep the emulator below the descriptor limit; this is for when
 * the rest of the process (or a cap set too high) gets there anyway.
 */
@ChannelHandler.Sharable
public final class AcceptFailures extends ChannelInboundHandlerAdapter {

    /** How long a listener stops accepting after a failed accept. */
    static final long PAUSE_MILLIS = 1_000;

    private final ThrottledLog log;

    public AcceptFailures(ThrottledLog log) {
        this.log = log;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        var config = ctx.channel().config();
        if (config.isAutoRead()) {
            config.setAutoRead(false);
            ctx.channel().eventLoop().schedule(() -> config.setAutoRead(true), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
        log.occurred(ctx.channel().localAddress() + ": " + cause.getMessage());
    }
}
