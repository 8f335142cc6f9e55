package dev.o365emulator.server.internal.net;

import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline of a connection over a {@link ConnectionLimiter} cap: it answers with the
 * protocol's refusal and closes, and nothing else runs on it.
 *
 * <table>
 *   <caption>Refusals</caption>
 *   <tr><td>SMTP</td><td>{@value #SMTP}</td></tr>
 *   <tr><td>IMAP</td><td>{@value #IMAP}</td></tr>
 *   <tr><td>POP3</td><td>{@value #POP3}</td></tr>
 *   <tr><td>HTTPS (identity)</td><td>{@code 503 Service Unavailable}, {@code Retry-After: 1}, OAuth's
 *     {@code temporarily_unavailable} error, after the client's request</td></tr>
 * </table>
 *
 * <p>The SMTP text is Exchange's refusal of a connection over a receive connector's per-source
 * limit (Office 365's front end says "… per resource forest …" for its own overload). Exchange's
 * IMAP and POP3 texts for the case are not known; they say the same in their protocol's form
 * ({@code * BYE} is the greeting that refuses service, RFC 9051 §7.1.5).
 *
 * <p>On an implicit-TLS port the refusal comes after the TLS handshake, so that the client reads it
 * rather than a handshake cut short; a refused connection is closed within {@link #DEADLINE_SECONDS}
 * whatever the client does, and when {@link ConnectionLimiter#MAX_REFUSALS_IN_PROGRESS} refusals are
 * already under way a further one is closed at once, without a reply.
 */
public final class OverLimitRefusal extends ChannelInboundHandlerAdapter {

    /** SMTP's refusal. */
    public static final String SMTP = "421 4.3.2 The maximum number of concurrent connections has exceeded a limit,"
            + " closing transmission channel";
    /** IMAP's refusal, in place of the greeting. */
    public static final String IMAP = "* BYE The maximum number of concurrent connections has exceeded a limit.";
    /** POP3's refusal, in place of the greeting. */
    public static final String POP3 = "-ERR The maximum number of concurrent connections has exceeded a limit.";
    /** How long a refused connection may take (a TLS handshake, an HTTP request) before it is closed. */
    static final long DEADLINE_SECONDS = 5;

    private final byte[] refusal;
    private final boolean afterHandshake;

    private OverLimitRefusal(String line, boolean afterHandshake) {
        this.refusal = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.afterHandshake = afterHandshake;
    }

    /** Makes {@code channel}'s pipeline the refusal of a mail protocol (after implicit TLS when asked). */
    public static void install(Channel channel, Protocol protocol, ServerTls implicitTls, ConnectionLimiter limiter) {
        if (!limiter.beginRefusal(channel)) {
            channel.close();
            return;
        }
        String line = switch (protocol) {
            case SMTP -> SMTP;
            case IMAP -> IMAP;
            case POP3 -> POP3;
        };
        if (implicitTls != null) {
            channel.pipeline().addLast(handshake(implicitTls, channel));
        }
        channel.pipeline().addLast(new OverLimitRefusal(line, implicitTls != null), ConnectionRecorder.lastResort());
    }

    /** Makes {@code channel}'s pipeline the identity endpoint's refusal: TLS, then a 503 to the first request. */
    public static void installHttps(Channel channel, ServerTls tls, ConnectionLimiter limiter) {
        if (!limiter.beginRefusal(channel)) {
            channel.close();
            return;
        }
        channel.pipeline().addLast(handshake(tls, channel), new HttpServerCodec(), new HttpRefusal(),
                ConnectionRecorder.lastResort());
    }

    private static SslHandler handshake(ServerTls tls, Channel channel) {
        SslHandler ssl = tls.newImplicitHandler(channel.alloc());
        ssl.setHandshakeTimeout(DEADLINE_SECONDS, TimeUnit.SECONDS);
        return ssl;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        closeAtDeadline(ctx);
        if (!afterHandshake) {
            refuse(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                refuse(ctx);
            } else {
                ctx.close();
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Whatever the client says is not read: the refusal is the only thing this connection gets.
        ReferenceCountUtil.release(msg);
    }

    private void refuse(ChannelHandlerContext ctx) {
        ByteBuf line = ctx.alloc().buffer(refusal.length).writeBytes(refusal);
        ctx.writeAndFlush(line).addListener(ChannelFutureListener.CLOSE);
    }

    private static void closeAtDeadline(ChannelHandlerContext ctx) {
        Runnable close = ctx::close;
        ScheduledFuture<?> deadline = ctx.executor().schedule(close, DEADLINE_SECONDS, TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(f -> deadline.cancel(false));
    }

    /** Answers the first HTTP request with 503 and closes; the rest of what the client sends is dropped. */
    private static final class HttpRefusal extends ChannelInboundHandlerAdapter {
        private static final byte[] BODY = ("{\"error\":\"temporarily_unavailable\",\"error_description\":"
                + "\"The maximum number of concurrent connections has exceeded a limit.\"}")
                .getBytes(StandardCharsets.US_ASCII);

        private boolean answered;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            closeAtDeadline(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest && !answered) {
                    answered = true;
                    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(BODY));
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                            .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
                            .set(HttpHeaderNames.RETRY_AFTER, "1")
                            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
