package dev.o365emulator.server.internal.console;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The console: the HTTP API under {@code /api/v1} and the web console at {@code /}, served over
 * plain HTTP/1.1 by Netty's codec on the emulator's own event loops. The emulator binds the port and
 * hands each accepted channel to {@link #initChannel}; routes run on {@link ConsoleWorkers} threads.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>what</th><th>limit</th><th>past it</th></tr>
 *   <tr><td>request line</td><td>{@value #MAX_INITIAL_LINE} bytes</td><td>431 problem, connection closed</td></tr>
 *   <tr><td>headers</td><td>{@value #MAX_HEADER_SIZE} bytes</td><td>431 problem, connection closed</td></tr>
 *   <tr><td>JSON or YAML body</td><td>1 MiB</td><td>413 problem, connection closed</td></tr>
 *   <tr><td>a raw message upload</td><td>the mailbox's MaxReceiveSize (36 MiB by default)</td><td>413 problem</td></tr>
 *   <tr><td>bodies held at once</td><td>{@link BodyBudget#DEFAULT_LIMIT}</td><td>503 problem</td></tr>
 *   <tr><td>connections</td><td>{@value #MAX_CONNECTIONS}</td><td>503 problem, connection closed</td></tr>
 *   <tr><td>event subscribers</td><td>{@value EventHub#MAX_SUBSCRIBERS}</td><td>503 problem</td></tr>
 *   <tr><td>a subscriber's backlog</td><td>{@value EventStream#MAX_EVENTS} events or 1 MiB</td><td>dropped</td></tr>
 *   <tr><td>items per page</td><td>{@value Views#MAX_LIMIT}</td><td>400 problem</td></tr>
 *   <tr><td>idle connection</td><td>{@value #IDLE_SECONDS} s</td><td>closed</td></tr>
 * </table>
 */
public final class ConsoleServer implements AutoCloseable {

    /** Longest request line read. */
    public static final int MAX_INITIAL_LINE = 4096;
    /** Most header bytes read. */
    public static final int MAX_HEADER_SIZE = 8192;
    /** Most console connections at once (event streams included). */
    public static final int MAX_CONNECTIONS = 128;
    /** Seconds a connection may stay without a byte either way before it is closed. */
    public static final int IDLE_SECONDS = 120;
    /** The largest body the aggregator ever holds: Office 365's highest MaxReceiveSize (150 MiB). */
    static final int MAX_BODY = dev.o365emulator.server.tenant.Mailbox.MAX_MESSAGE_SIZE_LIMIT > Integer.MAX_VALUE
            ? Integer.MAX_VALUE : (int) dev.o365emulator.server.tenant.Mailbox.MAX_MESSAGE_SIZE_LIMIT;

    private final ConsoleBackend backend;
    private final ConsoleAccess access;
    private final Router router;
    private final ConsoleWorkers workers = new ConsoleWorkers();
    private final BodyBudget budget = new BodyBudget(BodyBudget.DEFAULT_LIMIT);
    private final EventHub events = new EventHub();
    private final AtomicInteger connections = new AtomicInteger();
    /** Refused connections still open after their 503 (bounded: see {@link #refuse}). */
    private final AtomicInteger lingering = new AtomicInteger();

    /**
     * A console serving {@code backend}; off loopback every request must show {@code token}.
     *
     * @throws IllegalArgumentException when the console binds off loopback and the token is missing or unfit
     */
    public ConsoleServer(ConsoleBackend backend, String token) {
        this.backend = backend;
        this.access = ConsoleAccess.forBind(backend.bindAddress(), token);
        this.router = routes(backend, events);
        backend.sessions().addListener(events);
        backend.mail().addListener(events);
        backend.scenario().addListener(events);
    }

    /** A new random token for a console that binds off loopback. */
    public static String newToken() {
        return ConsoleAccess.newToken();
    }

    /**
     * Checks a token a user chose ({@code --console-token}).
     *
     * @throws IllegalArgumentException naming the rule it breaks, never the token
     */
    public static String checkToken(String token) {
        return ConsoleAccess.checkToken(token);
    }

    /** Whether a console bound to {@code bind} requires the token: whenever it is not loopback. */
    public static boolean needsToken(InetAddress bind) {
        return !bind.isLoopbackAddress();
    }

    static Router routes(ConsoleBackend backend, EventHub events) {
        Router.Builder routes = new Router.Builder();
        new HealthRoutes(backend).register(routes);
        new ConnectRoutes(backend).register(routes);
        new MailRoutes(backend.mail(), backend.tenant()).register(routes);
        new SessionRoutes(backend.sessions()).register(routes);
        new ScenarioRoutes(backend.scenario()).register(routes);
        new TenantRoutes(backend.tenant()).register(routes);
        new EventRoutes(events).register(routes);
        new StaticFiles().register(routes);
        return routes.build();
    }

    /** Every route, in order: for the OpenAPI document's test. */
    List<Route> routes() {
        return router.routes();
    }

    /** Sets up an accepted connection's pipeline, or refuses it with a 503 when there are too many. */
    public void initChannel(Channel ch) {
        if (connections.incrementAndGet() > MAX_CONNECTIONS) {
            connections.decrementAndGet();
            refuse(ch);
            return;
        }
        ch.closeFuture().addListener(f -> connections.decrementAndGet());
        install(ch.pipeline(), access, router, budget, workers);
    }

    /** The console's handlers, in order. */
    static void install(ChannelPipeline p, ConsoleAccess access, Router router, BodyBudget budget,
            ConsoleWorkers workers) {
        // Requests are answered one at a time: ConsoleHandler stops reading while one is in progress.
        p.addLast("http", new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE).setMaxChunkSize(64 * 1024)));
        p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
        p.addLast("gate", new RequestGate(access, router, budget));
        p.addLast("aggregator", new HttpObjectAggregator(MAX_BODY));
        p.addLast("console", new ConsoleHandler(router, workers));
    }

    private void refuse(Channel ch) {
        byte[] body = Json.write(Problem.unavailable("too-many-connections", "Too many connections",
                "the console serves " + MAX_CONNECTIONS + " connections at once; retry shortly").toJson("/"));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.RETRY_AFTER, "1");
        ch.pipeline().addLast(new io.netty.handler.codec.http.HttpResponseEncoder());
        // The request is read and thrown away, never parsed: closing a socket whose receive buffer still
        // holds it would send a reset, and a reset can reach the client before the 503 has been read.
        ch.pipeline().addLast(new DiscardInbound());
        ch.config().setAutoRead(true);
        // Answer once the channel is registered, then end the output and give the client a moment to
        // read the answer and close its side (which closes this channel); after that, close anyway.
        // At most MAX_CONNECTIONS refused connections linger at once; past that they close at once.
        ch.eventLoop().execute(() -> ch.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess() && ch instanceof DuplexChannel duplex && mayLinger()) {
                ch.closeFuture().addListener(f -> lingering.decrementAndGet());
                duplex.shutdownOutput();
                ch.eventLoop().schedule(() -> ch.close(), REFUSED_LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ch.close();
            }
        }));
    }

    /** Takes one of the lingering places, if one is free. */
    private boolean mayLinger() {
        int n;
        do {
            n = lingering.get();
            if (n >= MAX_CONNECTIONS) {
                return false;
            }
        } while (!lingering.compareAndSet(n, n + 1));
        return true;
    }

    /** How long a refused connection may stay open after its 503, reading (and dropping) what comes. */
    private static final long REFUSED_LINGER_MILLIS = 2_000;

    /** Drops whatever a refused connection sends. */
    private static final class DiscardInbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Whether requests must show the token. */
    public boolean guarded() {
        return access.guarded();
    }

    /** Stops the event listeners and the worker threads; the emulator closes the channels. */
    @Override
    public void close() {
        backend.sessions().removeListener(events);
        backend.mail().removeListener(events);
        backend.scenario().removeListener(events);
        workers.close();
    }
}
