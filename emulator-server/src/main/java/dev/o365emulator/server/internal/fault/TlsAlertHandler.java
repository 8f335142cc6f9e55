package dev.o365emulator.server.internal.fault;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/** Answers whatever the client sends first (its ClientHello) with a fatal TLS {@code handshake_failure} alert and closes. */
final class TlsAlertHandler extends ChannelInboundHandlerAdapter {

    /** TLS record: alert (21), version 3.3, length 2, level fatal (2), description handshake_failure (40). */
    static final byte[] HANDSHAKE_FAILURE = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

    private boolean answered;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        if (!answered) {
            answered = true;
            ByteBuf alert = ctx.alloc().buffer(HANDSHAKE_FAILURE.length).writeBytes(HANDSHAKE_FAILURE);
            // From this handler towards the socket: nothing behind it may encrypt or frame the alert.
            ctx.writeAndFlush(alert).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
