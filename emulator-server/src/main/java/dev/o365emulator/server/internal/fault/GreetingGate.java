package dev.o365emulator.server.internal.fault;

import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits just before the protocol session and reports the {@code greeting} stage: a rule's reply
 * replaces the greeting (and the connection closes), a delay holds the greeting back, and whatever
 * the client sends meanwhile waits for it.
 *
 * <p>The gate sits in front of the session's encoder, so its executor writes through the channel:
 * the reply passes the encoder like the session's own.
 */
public final class GreetingGate extends ChannelInboundHandlerAdapter {

    /** Pipeline name of the gate. */
    public static final String NAME = "fault-greeting";
    /** Reads kept while the greeting is held back: reading stops at once, so one is all a client gets in. */
    static final int MAX_HELD_MESSAGES = 64;
    private static final long MAX_HELD_BYTES = 1024 * 1024;

    private final FaultPlan plan;
    private final ResponseRenderer greeting;
    private FaultExecutor executor;

    /** @param greeting renders a reply in place of the protocol's greeting (it always closes the connection) */
    public GreetingGate(FaultPlan plan, ResponseRenderer greeting) {
        this.plan = plan;
        this.greeting = greeting;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        FaultDecision d = plan.decide(ctx.channel(), plan.event(ctx.channel(), Stage.GREETING).build());
        if (d.isProceed()) {
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
            return;
        }
        // The executor releases what it dispatched; what goes on down the pipeline needs its own reference.
        executor = new FaultExecutor(ctx, ctx.channel(), ConnectionRecorder.record(ctx.channel()),
                msg -> ctx.fireChannelRead(ReferenceCountUtil.retain(msg)), () -> { }, MAX_HELD_MESSAGES,
                MAX_HELD_BYTES);
        executor.apply(d, greeting, () -> {
            ctx.fireChannelActive();
            // After the executor has handed on what the client sent meanwhile.
            ctx.executor().execute(() -> {
                if (ctx.pipeline().context(this) != null) {
                    ctx.pipeline().remove(this);
                }
            });
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (executor == null) {
            ctx.fireChannelRead(msg);
        } else {
            executor.read(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (executor != null) {
            executor.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (executor != null && !executor.isClosing()) {
            executor.inactive();
            // Reading is the session's to pause from here on; the gate leaves it on.
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (executor != null) {
            executor.inactive();
        }
        ctx.fireChannelInactive();
    }
}
