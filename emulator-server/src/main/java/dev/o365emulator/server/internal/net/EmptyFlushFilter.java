package dev.o365emulator.server.internal.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Passes a flush on only when something was written through this handler since the last flush it
 * passed on.
 *
 * <p>A session flushes after its replies, and its executor flushes again when the read is complete, after
 * a delay and after offloaded work, mostly with nothing new to send. Each of those flushes costs a TLS
 * handler a pass of its own: an empty buffer queued, a record buffer allocated, the engine asked to wrap
 * nothing, an empty write and a flush of the socket (per POP3 RETR as much again as the reply's own
 * flush). What a flush here would send is only what was written through here; the TLS handler and the
 * transport flush their own output (handshake records, data held while the socket was full) themselves.
 * One instance per channel, on its event loop.
 */
public final class EmptyFlushFilter extends ChannelDuplexHandler {

    private boolean written;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        written = true;
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (written) {
            written = false;
            ctx.flush();
        }
    }
}
