package dev.o365emulator.server.internal.console;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request of a connection and runs its handler on a {@link ConsoleWorkers} thread, one
 * request at a time: while a request is in progress the connection stops reading, and requests a
 * client pipelined into what was already read wait in a queue of at most {@value #MAX_PIPELINED}
 * (past it the connection is closed), so nothing is buffered without bound. A route that streams
 * takes the connection over for good.
 */
final class ConsoleHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    /** Most query parameters read from one request. */
    static final int MAX_PARAMETERS = 32;
    /** Most requests held while one is in progress: what one read may bring of a pipelining client. */
    static final int MAX_PIPELINED = 16;

    private final Router router;
    private final ConsoleWorkers workers;
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    private boolean busy;
    private boolean streaming;

    ConsoleHandler(Router router, ConsoleWorkers workers) {
        this.router = router;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (streaming) {
            return; // a client that talks on an event stream is not listened to
        }
        if (busy) {
            if (pipelined.size() >= MAX_PIPELINED) {
                ctx.close();
                return;
            }
            pipelined.add(request.retain());
            return;
        }
        // Nothing more is read until this request is answered.
        ctx.channel().config().setAutoRead(false);
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true; // until its response is written: what comes meanwhile waits in the queue
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        String uri = request.uri();
        QueryStringDecoder decoder = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, MAX_PARAMETERS);
        String path = decoder.rawPath();
        if (request.decoderResult().isFailure()) {
            finish(ctx, ResponseWriter.problemAndClose(ctx, Problem.badRequest("the request body could not be read"),
                    path), false);
            return;
        }
        Router.Match match;
        Map<String, List<String>> query;
        try {
            match = router.match(request.method(), path);
            query = decoder.parameters();
        } catch (IllegalArgumentException malformed) {
            // Netty's message quotes the query, which may hold anything: say only what is wrong.
            respond(ctx, ApiResponse.problem(Problem.badRequest("a malformed percent-escape or character in the"
                    + " path or query"), path), keepAlive, head, null);
            return;
        }
        if (match instanceof Router.NotFound) {
            respond(ctx, ApiResponse.problem(Problem.notFound("no such resource: " + path), path), keepAlive, head,
                    null);
            return;
        }
        if (match instanceof Router.WrongMethod wrong) {
            respond(ctx, ApiResponse.problem(Problem.methodNotAllowed(path + " takes " + String.join(", ",
                    wrong.allowed())), path).header("Allow", String.join(", ", wrong.allowed())), keepAlive, head,
                    null);
            return;
        }
        Router.Found found = (Router.Found) match;
        FullHttpRequest held = request.retain();
        busy = true;
        boolean queued = workers.submit(() -> {
            ApiRequest api;
            try {
                api = new ApiRequest(held.method(), path, found.variables(), query, held.headers(),
                        ByteBufUtil.getBytes(held.content()));
            } finally {
                held.release();
            }
            ApiResponse response = run(found.route(), api);
            ctx.executor().execute(() -> respond(ctx, response, keepAlive, head, api));
        });
        if (!queued) {
            held.release();
            respond(ctx, ApiResponse.problem(Problem.unavailable("busy", "Console busy",
                    "the console has too many requests waiting; retry shortly"), path), keepAlive, head, null);
        }
    }

    private static ApiResponse run(Route route, ApiRequest request) {
        try {
            return route.handler().handle(request);
        } catch (ProblemException e) {
            return ApiResponse.problem(e.problem(), request.path());
        } catch (RuntimeException e) {
            LOG.warn("Console: {} failed", route, e);
            return ApiResponse.problem(Problem.internal("the emulator could not answer ("
                    + e.getClass().getSimpleName() + "); its log says more"), request.path());
        }
    }

    private void respond(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive, boolean head,
            ApiRequest request) {
        if (!ctx.channel().isActive()) {
            done(ctx);
            return;
        }
        if (response.stream() != null) {
            streaming = true;
            done(ctx);
            response.stream().start(ctx, request);
            return;
        }
        finish(ctx, ResponseWriter.write(ctx, response, keepAlive, head), keepAlive);
    }

    private void finish(ChannelHandlerContext ctx, ChannelFuture written, boolean keepAlive) {
        written.addListener(f -> {
            done(ctx);
            if (keepAlive && f.isSuccess() && !streaming) {
                next(ctx);
            }
        });
    }

    /** Answers the next pipelined request, or reads again when there is none. */
    private void next(ChannelHandlerContext ctx) {
        FullHttpRequest request = pipelined.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        try {
            handle(ctx, request);
        } finally {
            request.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (FullHttpRequest request; (request = pipelined.poll()) != null; ) {
            request.release();
        }
        super.channelInactive(ctx);
    }

    private void done(ChannelHandlerContext ctx) {
        busy = false;
        RequestGate gate = ctx.pipeline().get(RequestGate.class);
        if (gate != null) {
            gate.requestDone();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !busy && !streaming) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Console connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
