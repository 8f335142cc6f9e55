package dev.o365emulator.server.internal.fault;

import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.findings.FindingKinds;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The first handler of every connection, ahead of TLS: reports the {@code connect} stage and holds the
 * connection (no reads, no TLS, no greeting) until the decision lets it through.
 *
 * <p>A connection to 465 that a rule about 465 answers instead of serving gets the {@code implicit-tls-465}
 * finding: the scenario says 465 is not served, as on Office 365, and the client tried it anyway. A rule
 * that names no endpoint (a fault on every port) says nothing about 465, so it raises no finding there.
 */
public final class ConnectGate extends ChannelInboundHandlerAdapter {

    /** Pipeline name of the gate. */
    public static final String NAME = "fault-connect";

    private final FaultPlan plan;

    public ConnectGate(FaultPlan plan) {
        this.plan = plan;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SessionRecord record = ConnectionRecorder.record(ctx.channel());
        if (record != null) {
            ctx.channel().closeFuture().addListener(f -> plan.sessionClosed(record.index()));
        }
        FaultDecision d = plan.decide(ctx.channel(), plan.event(ctx.channel(), Stage.CONNECT).build());
        if (d.isProceed()) {
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
            return;
        }
        if (record != null && record.endpoint() == Endpoint.SMTPS && !d.proceedsAfterDelay()
                && plan.ruleNamesEndpoint(d.ruleId(), Endpoint.SMTPS)) {
            FindingKinds.IMPLICIT_TLS_465.report(record);
        }
        // Nothing may be read (TLS handshake, commands) while the decision is carried out.
        ctx.channel().config().setAutoRead(false);
        FaultActions.apply(ctx, d, ResponseRenderer.NONE, () -> {
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
            ctx.channel().config().setAutoRead(true);
        });
    }
}
