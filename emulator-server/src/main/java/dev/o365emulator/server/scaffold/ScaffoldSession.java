package dev.o365emulator.server.scaffold;

import dev.o365emulator.server.EndpointContext;
import dev.o365emulator.server.journal.Masking;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.net.ConnectionRecorder;
import dev.o365emulator.server.tls.StartTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The shared machinery of the scaffold sessions: line in, recorded reply out, TLS upgrade. */
abstract class ScaffoldSession extends SimpleChannelInboundHandler<ByteBuf> {

    protected final EndpointContext context;
    protected final LineDecoder decoder;
    protected SessionRecord record;
    protected boolean tlsActive;

    ScaffoldSession(EndpointContext context, LineDecoder decoder) {
        this.context = context;
        this.decoder = decoder;
        this.tlsActive = context.endpoint().tlsMode() == dev.o365emulator.server.TlsMode.IMPLICIT;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        record = ConnectionRecorder.record(ctx.channel());
        reply(ctx, greeting());
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
        String line = msg.toString(StandardCharsets.UTF_8);
        record.client(Masking.mask(context.endpoint().protocol(), line));
        handle(ctx, line);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof TooLongFrameException) {
            record.protocolError("command line longer than " + LineDecoder.MAX_LINE_LENGTH + " bytes");
            reply(ctx, lineTooLong());
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    protected abstract String[] greeting();

    protected abstract String[] lineTooLong();

    protected abstract void handle(ChannelHandlerContext ctx, String line);

    /** Writes a reply of one or more lines in a single flush and records each line. */
    protected final void reply(ChannelHandlerContext ctx, String... lines) {
        ctx.writeAndFlush(encode(ctx, lines));
    }

    /** Writes the reply, then closes the connection. */
    protected final void replyAndClose(ChannelHandlerContext ctx, String... lines) {
        ctx.writeAndFlush(encode(ctx, lines)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes the go-ahead in plain text and starts the TLS handshake. */
    protected final void startTls(ChannelHandlerContext ctx, String goAhead) {
        StartTls.upgrade(ctx, context.tls(), decoder, record, encode(ctx, goAhead));
        tlsActive = true;
    }

    private ByteBuf encode(ChannelHandlerContext ctx, String... lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            record.server(line);
            out.append(line).append("\r\n");
        }
        return ctx.alloc().buffer(out.length()).writeBytes(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    protected static String verb(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
