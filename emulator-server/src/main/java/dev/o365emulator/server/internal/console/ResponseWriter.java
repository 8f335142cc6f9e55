package dev.o365emulator.server.internal.console;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * Writes a console response with the headers every response carries: no caching of API data, no
 * content sniffing, no referrer, and a Content-Security-Policy (the route's own, or one that lets
 * the response load nothing and be framed by nobody).
 */
final class ResponseWriter {

    /** The policy of responses that are not pages: they load nothing and run nothing. */
    static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

    private ResponseWriter() {
    }

    /**
     * Writes and flushes a response; closes the connection after it unless {@code keepAlive}.
     *
     * @param head whether the request was a {@code HEAD}: the headers are the same, the body is left out
     */
    static ChannelFuture write(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive, boolean head) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
        HttpHeaders h = http.headers();
        if (response.contentType() != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        securityHeaders(h);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, DATA_POLICY);
        for (Map.Entry<String, String> e : response.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        if (keepAlive) {
            return ctx.writeAndFlush(http);
        }
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes a problem document and closes the connection: for requests whose body is left unread. */
    static ChannelFuture problemAndClose(ChannelHandlerContext ctx, Problem problem, String instance) {
        return write(ctx, ApiResponse.problem(problem, instance), false, false);
    }

    /** The headers of every response, streams included. */
    static void securityHeaders(HttpHeaders h) {
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("X-Frame-Options", "DENY");
    }
}
