package dev.o365emulator.server.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.imap.ImapReplyRenderer;
import dev.o365emulator.server.internal.pop3.Pop3ReplyRenderer;
import dev.o365emulator.server.internal.smtp.SmtpReplyRenderer;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FaultActionsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-26T18:54:30.055Z"), ZoneOffset.UTC);
    private static final HostIdentity IDENTITY = HostIdentity.of(HostIdentity.DEFAULT_SEED, CLOCK.instant());

    private final SessionJournal journal = new SessionJournal(CLOCK);

    private static FaultPlan plan(String rules) {
        return new FaultPlan(ScenarioLoader.parse("name: t\nrules:\n" + rules, "t.yaml"), IDENTITY, CLOCK);
    }

    /** A channel like a session's: a journal record, and a handler whose context the actions use. */
    private EmbeddedChannel channel(Endpoint endpoint) {
        EmbeddedChannel ch = new EmbeddedChannel(encoder(endpoint), new ChannelInboundHandlerAdapter());
        ch.attr(ConnectionRecorder.RECORD).set(journal.open(endpoint, new InetSocketAddress("127.0.0.1", 587),
                new InetSocketAddress("127.0.0.1", 50000)));
        return ch;
    }

    private static ChannelHandlerContext ctx(EmbeddedChannel ch) {
        return ch.pipeline().firstContext();
    }

    private static List<String> written(EmbeddedChannel ch) {
        List<String> lines = new ArrayList<>();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            for (String l : b.toString(StandardCharsets.UTF_8).split("\r\n")) {
                lines.add(l);
            }
            b.release();
        }
        return lines;
    }

    @Test
    void rendersAPresetInEachProtocolWithTheTrailer() {
        FaultPlan plan = plan("""
                  - when: { stage: auth }
                    then: { preset: bad-credentials }
                """);
        EmbeddedChannel smtp = channel(Endpoint.SUBMISSION);
        FaultActions.apply(ctx(smtp), plan.decide(smtp, plan.event(smtp, Stage.AUTH).mechanism("LOGIN").build()),
                SmtpReplyRenderer.RESPONSES, () -> { });
        assertThat(written(smtp)).containsExactly("535 5.7.3 Authentication unsuccessful " + IDENTITY.trailer(CLOCK.instant()));
        assertThat(smtp.isActive()).as("a refused login keeps the connection").isTrue();

        EmbeddedChannel imap = channel(Endpoint.IMAPS);
        FaultActions.apply(ctx(imap), plan.decide(imap, plan.event(imap, Stage.AUTH).command("LOGIN").build()),
                ImapReplyRenderer.forTag("a1"), () -> { });
        assertThat(written(imap)).containsExactly("a1 NO LOGIN failed.");

        EmbeddedChannel pop = channel(Endpoint.POP3S);
        FaultActions.apply(ctx(pop), plan.decide(pop, plan.event(pop, Stage.AUTH).command("PASS").build()),
                Pop3ReplyRenderer.RESPONSES, () -> { });
        assertThat(written(pop)).containsExactly("-ERR Logon failure: unknown user name or bad password.");
    }

    @Test
    void imapNotConnectedAnswersBadThenBadWithByeAndCloses() {
        FaultPlan plan = new FaultPlan(ScenarioLoader.builtIn("imap-authenticated-but-not-connected"), IDENTITY, CLOCK);
        EmbeddedChannel ch = channel(Endpoint.IMAPS);
        AtomicBoolean selected = new AtomicBoolean();
        FaultActions.apply(ctx(ch), plan.decide(ch, plan.event(ch, Stage.COMMAND).command("SELECT").build()),
                ImapReplyRenderer.forTag("a2"), () -> selected.set(true));
        assertThat(written(ch)).containsExactly("a2 BAD User is authenticated but not connected.");
        FaultActions.apply(ctx(ch), plan.decide(ch, plan.event(ch, Stage.COMMAND).command("LIST").build()),
                ImapReplyRenderer.forTag("a3"), () -> selected.set(true));
        assertThat(written(ch)).containsExactly("a3 BAD User is authenticated but not connected.",
                "* BYE Connection closed. 14");
        assertThat(ch.isActive()).isFalse();
        assertThat(selected).isFalse();
        assertThat(ConnectionRecorder.record(ch).ruleIds()).containsExactly("not-connected-first",
                "not-connected-then-bye");
    }

    @Test
    void aDelayIsScheduledOnTheEventLoopThenTheSessionProceeds() {
        FaultPlan plan = plan("""
                  - id: slow-rcpt
                    when: { stage: rcpt-to }
                    then: { delay: { millis: 1500 } }
                """);
        EmbeddedChannel ch = channel(Endpoint.SUBMISSION);
        AtomicBoolean proceeded = new AtomicBoolean();
        FaultActions.apply(ctx(ch), plan.decide(ch, plan.event(ch, Stage.RCPT_TO).recipient("x@contoso.com").build()),
                SmtpReplyRenderer.RESPONSES, () -> proceeded.set(true));
        assertThat(proceeded).isFalse();
        ch.advanceTimeBy(1499, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(proceeded).isFalse();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(proceeded).isTrue();
        assertThat(ConnectionRecorder.record(ch).transcript().toString()).contains("scenario rule slow-rcpt fired",
                "delay 1500 ms");
    }

    @Test
    void noRuleMeansTheSessionProceedsAtOnce() {
        FaultPlan plan = FaultPlan.none(IDENTITY, CLOCK);
        EmbeddedChannel ch = channel(Endpoint.SUBMISSION);
        AtomicBoolean proceeded = new AtomicBoolean();
        FaultDecision d = plan.decide(ch, plan.event(ch, Stage.MAIL_FROM).build());
        assertThat(d.isProceed()).isTrue();
        FaultActions.apply(ctx(ch), d, SmtpReplyRenderer.RESPONSES, () -> proceeded.set(true));
        assertThat(proceeded).isTrue();
    }

    @Test
    void stallStopsReadingAndNeverProceeds() {
        FaultPlan plan = plan("  - when: { stage: command }\n    then: { fault: stall }\n");
        EmbeddedChannel ch = channel(Endpoint.IMAPS);
        AtomicBoolean proceeded = new AtomicBoolean();
        FaultActions.apply(ctx(ch), plan.decide(ch, plan.event(ch, Stage.COMMAND).command("FETCH").build()),
                ImapReplyRenderer.forTag("a1"), () -> proceeded.set(true));
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(ch.isActive()).isTrue();
        assertThat(proceeded).isFalse();
        assertThat(written(ch)).isEmpty();
    }

    @Test
    void aReplyFollowedByResetOrCloseEndsTheConnection() {
        FaultPlan plan = plan("""
                  - when: { stage: mail-from }
                    then: { reply: { code: 421, enhanced: 4.3.2, text: "Service not available, {sender}" }, fault: connection-reset }
                """);
        EmbeddedChannel ch = channel(Endpoint.SUBMISSION);
        FaultActions.apply(ctx(ch), plan.decide(ch, plan.event(ch, Stage.MAIL_FROM).sender("a@contoso.com").build()),
                SmtpReplyRenderer.RESPONSES, () -> { });
        assertThat(written(ch)).containsExactly("421 4.3.2 Service not available, a@contoso.com");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void throttleInstallsATrafficShaperAndProceeds() {
        FaultPlan plan = plan("  - when: { stage: command }\n    then: { fault: throttle, bytesPerSecond: 64 }\n");
        EmbeddedChannel ch = channel(Endpoint.IMAPS);
        AtomicBoolean proceeded = new AtomicBoolean();
        FaultActions.apply(ctx(ch), plan.decide(ch, plan.event(ch, Stage.COMMAND).command("FETCH").build()),
                ImapReplyRenderer.forTag("a1"), () -> proceeded.set(true));
        assertThat(ch.pipeline().get(FaultActions.THROTTLE_HANDLER)).isNotNull();
        assertThat(proceeded).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aFailedTlsHandshakeAnswersTheClientHelloWithAFatalAlert() {
        FaultPlan plan = plan("  - when: { stage: starttls }\n    then: { fault: tls-handshake-failure }\n");
        EmbeddedChannel ch = channel(Endpoint.SUBMISSION);
        FaultActions.apply(ctx(ch), plan.decide(ch, plan.event(ch, Stage.STARTTLS).command("STARTTLS").build()),
                SmtpReplyRenderer.RESPONSES, () -> { });
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5}));
        ByteBuf alert = ch.readOutbound();
        byte[] bytes = new byte[alert.readableBytes()];
        alert.readBytes(bytes).release();
        assertThat(bytes).isEqualTo(TlsAlertHandler.HANDSHAKE_FAILURE);
        assertThat(ch.isActive()).isFalse();
    }

    /** The encoder of an endpoint's protocol: the actions write typed responses, as a session does. */
    private static io.netty.channel.ChannelHandler encoder(Endpoint endpoint) {
        return switch (endpoint.protocol()) {
            case SMTP -> new dev.o365emulator.codec.smtp.SmtpResponseEncoder();
            case IMAP -> new dev.o365emulator.codec.imap.ImapResponseEncoder();
            case POP3 -> new dev.o365emulator.codec.pop3.Pop3ResponseEncoder();
        };
    }
}
