package dev.o365emulator.server.internal.fault;

import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.tls.StartTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applies a {@link FaultDecision} to a connection: waits the delay on the channel's event loop,
 * writes the rendered reply (recorded in the journal), then closes, resets, stalls, throttles or
 * fails the TLS handshake; or runs the session's normal work when nothing replaces it.
 */
public final class FaultActions {

    /** Pipeline name of the throttling handler. */
    public static final String THROTTLE_HANDLER = "fault-throttle";
    /** Pipeline name of the handler that answers a TLS ClientHello with a fatal alert. */
    public static final String TLS_ALERT_HANDLER = "fault-tls-alert";

    /** What {@code garbage-then-close} sends: no protocol's reply, no TLS record, no line end. */
    static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x13, (byte) 0x9C, 0x7F, 0x01, (byte) 0xD8,
        '#', '%', 0x00, 0x00, (byte) 0xEE, 0x04, 0x1B, (byte) 0xA5};

    private FaultActions() {
    }

    /**
     * Carries out a decision on the channel of {@code ctx} without ordering what the client sends
     * meanwhile: for the gates before a session ({@code connect}), where nothing is read yet. A
     * session uses its {@link FaultExecutor}, which holds reading while a delay runs.
     *
     * @param proceed the normal work, run (after the delay) when the decision does not replace it
     */
    public static void apply(ChannelHandlerContext ctx, FaultDecision decision, ResponseRenderer renderer,
            Runnable proceed) {
        if (decision.isProceed()) {
            proceed.run();
            return;
        }
        long delay = decision.delay().toMillis();
        if (delay > 0) {
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) {
                    act(ctx, decision, renderer, proceed);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } else {
            act(ctx, decision, renderer, proceed);
        }
    }

    private static void act(ChannelHandlerContext ctx, FaultDecision d, ResponseRenderer renderer, Runnable proceed) {
        Fault fault = d.fault();
        if (fault == Fault.THROTTLE) {
            throttle(ctx.pipeline(), d.bytesPerSecond());
        }
        ChannelFuture written = null;
        boolean closeAfterReply = false;
        if (d.reply() != null) {
            SessionRecord record = ConnectionRecorder.record(ctx.channel());
            if (record != null) {
                renderer.transcript(d.reply()).forEach(record::server);
            }
            for (Object response : renderer.render(d.reply())) {
                written = ctx.channel().write(response);
            }
            ctx.channel().flush();
            closeAfterReply = renderer.closesAfter(d.reply());
        }
        if (fault == null || fault == Fault.THROTTLE) {
            if (closeAfterReply) {
                written.addListener(ChannelFutureListener.CLOSE);
            } else if (d.reply() == null) {
                proceed.run();
            }
            return;
        }
        switch (fault) {
            case CLOSE -> after(ctx, written, () -> ctx.channel().close());
            case CONNECTION_RESET -> after(ctx, written, () -> reset(ctx));
            case STALL -> stall(ctx);
            case GARBAGE_THEN_CLOSE -> garbageThenClose(ctx);
            case TLS_HANDSHAKE_FAILURE -> failTlsHandshake(ctx);
            case REFUSE, DROP_CONNECT -> reset(ctx); // listener faults never reach a connection; be safe
            default -> throw new IllegalStateException(fault.toString());
        }
    }

    private static void after(ChannelHandlerContext ctx, ChannelFuture written, Runnable then) {
        if (written == null) {
            then.run();
        } else {
            written.addListener(f -> then.run());
        }
    }

    /** Sends bytes that are no protocol's reply and no TLS record, then closes. */
    public static void garbageThenClose(ChannelHandlerContext ctx) {
        record(ctx, "garbage: " + GARBAGE.length + " bytes");
        ByteBuf garbage = ctx.alloc().buffer(GARBAGE.length).writeBytes(GARBAGE);
        // Straight to the socket, below any TLS, like a broken middlebox would.
        ctx.pipeline().firstContext().writeAndFlush(garbage).addListener(ChannelFutureListener.CLOSE);
    }

    /** Ends the connection with a TCP RST instead of a FIN. */
    public static void reset(ChannelHandlerContext ctx) {
        // SO_LINGER 0 makes close() send RST; the client's next read fails with "Connection reset".
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        // Closed below the SslHandler: on a TLS connection its close_notify would otherwise reach the
        // client first, which then reads a clean end of stream instead of the reset.
        ctx.pipeline().firstContext().close();
    }

    /** Stops reading and never answers again: the client's read times out. */
    public static void stall(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
    }

    /**
     * Makes the next TLS handshake on this channel fail: the client's ClientHello is answered with a
     * fatal {@code handshake_failure} alert and the connection closes. On an implicit-TLS connection
     * it replaces the {@link SslHandler}; after STARTTLS's go-ahead a session calls it instead of
     * {@code StartTls.upgrade}.
     */
    public static void failTlsHandshake(ChannelHandlerContext ctx) {
        ChannelPipeline p = ctx.pipeline();
        TlsAlertHandler alert = new TlsAlertHandler();
        if (p.get(StartTls.HANDLER_NAME) != null) {
            p.replace(StartTls.HANDLER_NAME, TLS_ALERT_HANDLER, alert);
        } else if (p.get(SslHandler.class) != null) {
            p.replace(SslHandler.class, TLS_ALERT_HANDLER, alert);
        } else {
            p.addFirst(TLS_ALERT_HANDLER, alert);
        }
        ctx.channel().config().setAutoRead(true);
    }

    static void throttle(ChannelPipeline p, int bytesPerSecond) {
        if (p.get(THROTTLE_HANDLER) == null) {
            // First in the pipeline, so that it paces the bytes on the wire (TLS records included).
            p.addFirst(THROTTLE_HANDLER, new ChannelTrafficShapingHandler(bytesPerSecond, 0, 100));
        }
    }


    private static void record(ChannelHandlerContext ctx, String event) {
        SessionRecord record = ConnectionRecorder.record(ctx.channel());
        if (record != null) {
            record.event(event);
        }
    }
}
