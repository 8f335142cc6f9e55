package dev.o365emulator.server.internal.console;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decides on a request from its head, before its body is read: a request the codec could not read,
 * one without the token off loopback, one whose body is larger than its route accepts, or one that
 * does not fit the {@link BodyBudget}, is answered with a problem document and the connection is
 * closed, so the body is never read. Counts a body without {@code Content-Length} as it arrives.
 *
 * <p>It also serves {@code GET /?token=…}: with the right token, a redirect to {@code /} that sets
 * the console's cookie (see {@link ConsoleAccess}).
 *
 * <p>One per connection; requests on a connection come one at a time (the {@link ConsoleHandler}
 * reads the next one only after answering), so the gate holds the state of the current one.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

    private final ConsoleAccess access;
    private final Router router;
    private final BodyBudget budget;
    private long limit;
    private long received;
    private long reserved;
    private boolean chunked;
    private boolean discarding;
    private String instance = "/";

    RequestGate(ConsoleAccess access, Router router, BodyBudget budget) {
        this.access = access;
        this.router = router;
        this.budget = budget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && !head(ctx, request)) {
            ReferenceCountUtil.release(msg);
            discarding = true;
            return;
        }
        if (msg instanceof HttpContent content && !content(ctx, content)) {
            ReferenceCountUtil.release(msg);
            discarding = true;
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether the request may go on to be aggregated and routed; otherwise it has been answered. */
    private boolean head(ChannelHandlerContext ctx, HttpRequest request) {
        instance = "/";
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            Problem problem = cause instanceof TooLongHttpHeaderException || cause instanceof TooLongHttpLineException
                    ? Problem.headersTooLarge("the request line must stay within " + ConsoleServer.MAX_INITIAL_LINE
                            + " bytes and the headers within " + ConsoleServer.MAX_HEADER_SIZE + " bytes")
                    : cause instanceof TooLongFrameException ? Problem.headersTooLarge(cause.getMessage())
                    : Problem.badRequest("not an HTTP/1.1 request the console can read");
            ResponseWriter.problemAndClose(ctx, problem, instance);
            return false;
        }
        String path = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true).rawPath();
        instance = path;
        if (!access.permits(request)) {
            if (tokenExchange(ctx, request, path)) {
                return false;
            }
            ResponseWriter.write(ctx, ApiResponse.problem(Problem.unauthorized(
                    "this console listens off loopback: send its token as Authorization: Bearer <token>"
                            + " (the token is printed when the emulator starts)"), path)
                    .header("WWW-Authenticate", "Bearer realm=\"o365-emulator console\""), false, false);
            return false;
        }
        limit = router.bodyLimit(request.method(), path);
        received = 0;
        long declared = HttpUtil.getContentLength(request, -1L);
        chunked = declared < 0;
        if (declared > limit) {
            ResponseWriter.problemAndClose(ctx, tooLarge(limit), path);
            return false;
        }
        if (!budget.reserve(declared)) {
            ResponseWriter.problemAndClose(ctx, Problem.unavailable("uploads-busy", "Too many uploads at once",
                    "the console is receiving as many large bodies as it holds at once; retry when one is done"), path);
            return false;
        }
        reserved = Math.max(declared, 0);
        return true;
    }

    private boolean content(ChannelHandlerContext ctx, HttpContent content) {
        int bytes = content.content().readableBytes();
        received += bytes;
        if (received > limit) {
            ResponseWriter.problemAndClose(ctx, tooLarge(limit), instance);
            return false;
        }
        if (chunked && bytes > 0) {
            if (!budget.reserve(bytes)) {
                ResponseWriter.problemAndClose(ctx, Problem.unavailable("uploads-busy", "Too many uploads at once",
                        "the console is receiving as many large bodies as it holds at once; retry when one is done"),
                        instance);
                return false;
            }
            reserved += bytes;
        }
        if (content instanceof LastHttpContent) {
            received = 0;
        }
        return true;
    }

    /** {@code GET /?token=…} off loopback: the cookie for the right token, a 401 for a wrong one. */
    private boolean tokenExchange(ChannelHandlerContext ctx, HttpRequest request, String path) {
        if (!request.method().equals(HttpMethod.GET) || !path.equals("/")) {
            return false;
        }
        List<String> tokens;
        try {
            tokens = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, 4).parameters()
                    .get(ConsoleAccess.TOKEN_PARAMETER);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        if (tokens == null || tokens.isEmpty()) {
            return false;
        }
        if (!access.matches(tokens.get(0))) {
            ResponseWriter.problemAndClose(ctx, Problem.unauthorized("wrong console token"), path);
            return true;
        }
        ResponseWriter.write(ctx, new ApiResponse(303, null, new java.util.LinkedHashMap<>(), null, null)
                .header("Location", "/")
                .header("Set-Cookie", access.cookieFor(tokens.get(0))), false, false);
        return true;
    }

    /** Called once the current request has been answered: its body's bytes go back to the budget. */
    void requestDone() {
        budget.release(reserved);
        reserved = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        requestDone();
        ctx.fireChannelInactive();
    }

    private static Problem tooLarge(long limit) {
        return Problem.payloadTooLarge("the body is larger than this route accepts (" + limit + " bytes)", limit);
    }
}
