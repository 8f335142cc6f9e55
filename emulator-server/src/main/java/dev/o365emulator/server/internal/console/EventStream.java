package dev.o365emulator.server.internal.console;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscriber of {@code /api/v1/events}: a bounded queue filled by the {@link EventHub} from any
 * thread (enqueue only, never a write), and drained by the connection's event loop while the
 * connection is writable.
 *
 * <p>A consumer that reads slower than events come stops the draining (its connection is not
 * writable), its queue fills, and past {@value #MAX_EVENTS} events or {@value #MAX_BYTES} bytes it
 * is dropped: the queue is discarded, the stream ends with a final comment and the connection
 * closes. Nothing is ever buffered beyond that bound. A comment every {@value #KEEP_ALIVE_SECONDS}
 * seconds keeps idle proxies from closing the stream and finds clients that went away.
 */
final class EventStream extends ChannelInboundHandlerAdapter {

    static final int MAX_EVENTS = 1000;
    static final long MAX_BYTES = 1024 * 1024;
    static final int KEEP_ALIVE_SECONDS = 15;
    /** How long a dropped subscriber's final comment may take before the connection is closed regardless. */
    static final int GOODBYE_SECONDS = 2;
    /** What the browser's EventSource waits before reconnecting, in milliseconds. */
    static final int RETRY_MILLIS = 2000;

    private final EventHub hub;
    private final ArrayDeque<ConsoleEvent> queue = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private long queuedBytes;
    private boolean overflowed;
    private boolean ended;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> keepAlive;

    EventStream(EventHub hub) {
        this.hub = hub;
    }

    /**
     * Answers the request with the stream's head and subscribes, or with a 503 problem when the hub
     * has all the subscribers it takes; called on the connection's event loop.
     */
    void start(ChannelHandlerContext handlerCtx, String instance) {
        handlerCtx.pipeline().addLast("events", this);
        if (!hub.subscribe(this)) {
            synchronized (this) {
                ended = true;
            }
            ResponseWriter.problemAndClose(handlerCtx, Problem.unavailable("too-many-subscribers",
                    "Too many event subscribers", "the event stream has " + EventHub.MAX_SUBSCRIBERS
                            + " subscribers, as many as it serves; close one and retry"), instance);
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, ResponseWriter.DATA_POLICY);
        ResponseWriter.securityHeaders(head.headers());
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.write(head);
        ctx.writeAndFlush(text("retry: " + RETRY_MILLIS + "\n: connected\n\n"));
        // Read from now on, so that a client going away is noticed at once; what it sends is dropped.
        ctx.channel().config().setAutoRead(true);
        keepAlive = ctx.executor().scheduleAtFixedRate(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS);
    }

    private void keepAlive() {
        // Not while the connection is full: the comment would only add to what the consumer has not read.
        if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(text(": keep-alive\n\n"));
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Queues an event; from any thread, never blocks. */
    void offer(ConsoleEvent event) {
        synchronized (this) {
            if (ended || overflowed) {
                return;
            }
            if (queue.size() >= MAX_EVENTS || queuedBytes + event.weight() > MAX_BYTES) {
                overflowed = true;
                queue.clear();
                queuedBytes = 0;
            } else {
                queue.add(event);
                queuedBytes += event.weight();
            }
        }
        if (drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::drain);
        }
    }

    /** Writes what is queued while the connection takes it; on the event loop. */
    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        while (ctx.channel().isWritable()) {
            ConsoleEvent next;
            synchronized (this) {
                if (overflowed || ended) {
                    break;
                }
                next = queue.poll();
                if (next == null) {
                    break;
                }
                queuedBytes -= next.weight();
            }
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(next.frame())));
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        boolean drop;
        synchronized (this) {
            drop = overflowed && !ended;
        }
        if (drop) {
            end("dropped: this consumer fell more than " + MAX_EVENTS + " events or " + MAX_BYTES
                    + " bytes behind; reconnect to go on");
        }
    }

    /** Ends the stream with a final comment and closes the connection; idempotent, on the event loop. */
    void end(String why) {
        if (!stop()) {
            return;
        }
        ctx.write(text(": " + why + "\n\n"));
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        // A consumer that reads nothing never lets the goodbye through: close regardless after a moment.
        ctx.executor().schedule(() -> ctx.close(), GOODBYE_SECONDS, TimeUnit.SECONDS);
    }

    /** Unsubscribes and forgets the queue; false when it was done already. */
    private boolean stop() {
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            queue.clear();
            queuedBytes = 0;
        }
        hub.unsubscribe(this);
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        return true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::drain);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    private static DefaultHttpContent text(String s) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8)));
    }
}
