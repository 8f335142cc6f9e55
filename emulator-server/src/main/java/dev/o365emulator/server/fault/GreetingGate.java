package dev.o365emulator.server.fault;

import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Protocol;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Sits just before the protocol session and reports the {@code greeting} stage: a rule's reply
 * replaces the greeting (and the connection closes), a delay holds the greeting back.
 */
public final class GreetingGate extends ChannelInboundHandlerAdapter {

    /** Pipeline name of the gate. */
    public static final String NAME = "fault-greeting";
    /** Messages kept while the greeting is held back; a client talking first beyond that is dropped. */
    static final int MAX_HELD_MESSAGES = 64;

    private final FaultPlan plan;
    private final Protocol protocol;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private boolean holding;

    public GreetingGate(FaultPlan plan, Protocol protocol) {
        this.plan = plan;
        this.protocol = protocol;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        FaultDecision d = plan.decide(ctx.channel(), plan.event(ctx.channel(), Stage.GREETING).build());
        if (d.isProceed()) {
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
            return;
        }
        holding = true;
        FaultActions.apply(ctx, d, ReplyRenderer.greeting(protocol), () -> {
            holding = false;
            ctx.fireChannelActive();
            while (!held.isEmpty()) {
                ctx.fireChannelRead(held.poll());
            }
            ctx.pipeline().remove(this);
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!holding) {
            ctx.fireChannelRead(msg);
        } else if (held.size() < MAX_HELD_MESSAGES) {
            held.add(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    private void release() {
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }
}
