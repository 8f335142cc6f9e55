package dev.o365emulator.server.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.scenarios.Reply;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault executor on its own, with a scripted session: each inbound line is a command; the
 * script says which decision its stage gets. Among the cases are the ones where a delayed reply
 * used to be overtaken by commands the client pipelined behind it (a delayed rule reply, a delayed
 * STARTTLS, a delayed XOAUTH2 login whose token check is itself delayed, a BDAT chunk answered by the
 * rule instead of the session, a client that does not read).
 */
class FaultExecutorTest {

    private static final ResponseRenderer RENDERER = new ResponseRenderer() {
        @Override
        public List<Object> render(Office365Reply reply) {
            return List.of("R " + reply.smtp().text());
        }

        @Override
        public List<String> transcript(Office365Reply reply) {
            return List.of("R " + reply.smtp().text());
        }

        @Override
        public boolean closesAfter(Office365Reply reply) {
            return reply.imap().endsConnection();
        }
    };

    private final SessionJournal journal = new SessionJournal(Clock.systemUTC());
    private final SessionRecord record = journal.open(Endpoint.SMTP, new InetSocketAddress("127.0.0.1", 25),
            new InetSocketAddress("127.0.0.1", 40000));
    private final Map<String, FaultDecision> decisions = new HashMap<>();
    private final Map<String, Function<ScriptedSession, Runnable>> work = new HashMap<>();
    private ScriptedSession session;
    /** What the scripted session's STARTTLS asks the executor to record as its go-ahead, or null. */
    private String goAheadLine;
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void dispatchesInOrderWhenNothingHolds() {
        start();
        send("A", "B", "C");
        assertThat(replies()).containsExactly("A ok", "B ok", "C ok");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void commandsPipelinedBehindADelayedReplyWaitForIt() {
        decisions.put("A", decision(Duration.ofMillis(500), reply("busy"), null));
        start();
        send("A", "B", "C");
        assertThat(replies()).isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();

        elapse(Duration.ofMillis(500));

        assertThat(replies()).containsExactly("R busy", "B ok", "C ok");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aDelayAloneRunsTheStageBeforeWhatWasQueued() {
        decisions.put("A", decision(Duration.ofMillis(200), null, null));
        start();
        send("A", "B");
        elapse(Duration.ofMillis(200));
        assertThat(replies()).containsExactly("A ok", "B ok");
    }

    @Test
    void commandsArrivingInALaterReadDuringTheDelayWaitToo() {
        decisions.put("A", decision(Duration.ofMillis(300), null, null));
        start();
        send("A");
        send("B");
        elapse(Duration.ofMillis(100));
        send("C");
        assertThat(replies()).isEmpty();
        elapse(Duration.ofMillis(200));
        assertThat(replies()).containsExactly("A ok", "B ok", "C ok");
    }

    @Test
    void aDelayWithinADelayedStageStillHoldsThePipelinedCommands() {
        // An XOAUTH2 login: the auth stage is delayed, then the token check is delayed again.
        decisions.put("AUTH", decision(Duration.ofMillis(100), null, null));
        work.put("AUTH", s -> () -> s.executor.apply(decision(Duration.ofMillis(100), null, null), RENDERER,
                () -> s.reply("AUTH ok")));
        start();
        send("AUTH", "NOOP");
        elapse(Duration.ofMillis(100));
        assertThat(replies()).isEmpty();
        elapse(Duration.ofMillis(100));
        assertThat(replies()).containsExactly("AUTH ok", "NOOP ok");
    }

    @Test
    void offloadedWorkIsAnsweredBeforeWhatWasPipelinedBehindIt() {
        List<Runnable> workers = new ArrayList<>();
        List<String> ranOn = new ArrayList<>();
        work.put("WRITE", s -> () -> assertThat(s.executor.offload(workers::add, () -> {
            ranOn.add(Thread.currentThread().getName());
            return "WRITE stored";
        }, s::reply)).isTrue());
        start();
        send("WRITE", "B");
        send("C");
        assertThat(replies()).as("nothing answered while the write is under way").isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(session.dispatched).containsExactly("WRITE");
        assertThat(ranOn).as("the work ran on the workers, not in the dispatch").isEmpty();

        workers.remove(0).run();
        channel.runPendingTasks();

        assertThat(ranOn).hasSize(1);
        assertThat(replies()).containsExactly("WRITE stored", "B ok", "C ok");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void workTheWorkersRefuseHoldsNothingAndTheSessionAnswersAtOnce() {
        work.put("WRITE", s -> () -> {
            boolean taken = s.executor.offload(task -> {
                throw new java.util.concurrent.RejectedExecutionException("full");
            }, () -> "never", s::reply);
            s.reply(taken ? "WRITE taken" : "WRITE busy");
        });
        start();
        send("WRITE", "B");
        assertThat(replies()).containsExactly("WRITE busy", "B ok");
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(session.executor.isHeld(FaultExecutor.Hold.WORK)).isFalse();
    }

    @Test
    void offloadedWorkFinishingAfterTheConnectionClosedStillRunsItsCompletion() {
        List<Runnable> workers = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        work.put("WRITE", s -> () -> s.executor.offload(workers::add, () -> "stored", completed::add));
        start();
        send("WRITE", "B");
        channel.close();
        workers.remove(0).run();
        channel.runPendingTasks();
        assertThat(completed).as("the session gives back what the work held").containsExactly("stored");
        assertThat(session.dispatched).containsExactly("WRITE");
    }

    @Test
    void aRuleReplyThatEndsTheConnectionAnswersNothingAfterIt() {
        decisions.put("A", decision(Duration.ZERO, reply("closing"), Fault.CLOSE));
        start();
        send("A", "B");
        assertThat(replies()).containsExactly("R closing");
        assertThat(channel.isOpen()).isFalse();
        assertThat(session.dispatched).containsExactly("A");
        assertThat(session.closingCalls).isEqualTo(1);
    }

    @Test
    void aByeReplyClosesAfterItIsWritten() {
        decisions.put("A", decision(Duration.ofMillis(50), Office365Reply.fromRule("bye", new Reply(421, null, "bye", Reply.ImapStatus.BYE,
                null)), null));
        start();
        send("A", "B");
        elapse(Duration.ofMillis(50));
        assertThat(replies()).containsExactly("R bye");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aStallStopsReadingForGood() {
        decisions.put("A", decision(Duration.ZERO, null, Fault.STALL));
        start();
        send("A");
        send("B");
        assertThat(replies()).isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(channel.isOpen()).isTrue();
        assertThat(session.dispatched).containsExactly("A");
    }

    @Test
    void aConnectionResetClosesWithoutAReply() {
        decisions.put("A", decision(Duration.ZERO, null, Fault.CONNECTION_RESET));
        start();
        send("A", "B");
        assertThat(replies()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void throttleSlowsTheConnectionAndTheStageGoesOn() {
        decisions.put("A", new FaultDecision("slow", Stage.COMMAND, Duration.ZERO, null, Fault.THROTTLE, 64));
        start();
        send("A", "B");
        assertThat(channel.pipeline().get(FaultActions.THROTTLE_HANDLER)).isInstanceOf(ChannelTrafficShapingHandler.class);
        assertThat(session.dispatched).containsExactly("A", "B");
        assertThat(session.closingCalls).isZero();
    }

    @Test
    void theReplacedCallbackRunsOnlyWhenTheRuleReplied() {
        decisions.put("A", decision(Duration.ofMillis(10), reply("refused"), null));
        decisions.put("B", decision(Duration.ofMillis(10), null, null));
        start();
        send("A", "B");
        elapse(Duration.ofMillis(10));
        elapse(Duration.ofMillis(10));
        assertThat(replies()).containsExactly("R refused", "B ok");
        assertThat(session.replaced).containsExactly("A");
    }

    @Test
    void commandsPipelinedBehindADelayedStartTlsAreDiscardedNotRunInsideTls() {
        decisions.put("STARTTLS", decision(Duration.ofMillis(100), null, null));
        start();
        send("STARTTLS", "MAIL FROM:<x@y>");
        elapse(Duration.ofMillis(100));
        assertThat(replies()).containsExactly("go ahead");
        assertThat(session.dispatched).containsExactly("STARTTLS");
        assertThat(session.upgraded).isTrue();
        assertThat(record.protocolErrors()).singleElement().asString()
                .contains("1 message(s) pipelined after the TLS upgrade command were discarded");
        send("EHLO");
        assertThat(replies()).containsExactly("EHLO ok");
    }

    @Test
    void aTlsHandshakeFailureRuleSendsTheGoAheadThenFailsTheHandshake() {
        decisions.put("STARTTLS", decision(Duration.ZERO, reply("ignored"), Fault.TLS_HANDSHAKE_FAILURE));
        start();
        send("STARTTLS");
        assertThat(replies()).containsExactly("go ahead");
        assertThat(channel.pipeline().get(FaultActions.TLS_ALERT_HANDLER)).isNotNull();
        send("<ClientHello>");
        ByteBuf alert = channel.readOutbound();
        assertThat(ByteBufUtil.getBytes(alert)).isEqualTo(TlsAlertHandler.HANDSHAKE_FAILURE);
        alert.release();
        assertThat(channel.isOpen()).isFalse();
        assertThat(session.upgraded).isFalse();
        assertThat(session.dispatched).containsExactly("STARTTLS");
        assertThat(session.closingCalls).isEqualTo(1);
    }

    @Test
    void theGoAheadIsRecordedWhenTheUpgradeGoesOn() {
        start();
        send("STLS");
        assertThat(replies()).containsExactly("go ahead");
        assertThat(session.upgraded).isTrue();
        assertThat(record.transcript()).map(TranscriptLine::toString).containsExactly("S: go ahead");
    }

    @Test
    void theGoAheadIsRecordedWhenTheHandshakeIsMadeToFail() {
        decisions.put("STLS", decision(Duration.ofMillis(50), null, Fault.TLS_HANDSHAKE_FAILURE));
        start();
        send("STLS");
        elapse(Duration.ofMillis(50));
        assertThat(replies()).containsExactly("go ahead");
        assertThat(session.upgraded).isFalse();
        assertThat(record.transcript()).map(TranscriptLine::toString).containsExactly("S: go ahead");
    }

    @Test
    void repliesWrittenBeforeAFaultGoOutBeforeTheConnectionEnds() {
        decisions.put("B", decision(Duration.ZERO, null, Fault.CLOSE));
        start();
        send("A", "B");
        assertThat(replies()).containsExactly("A ok");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void theAfterDelayListenerRunsOnceEachDelayHasPassedBeforeTheDelayedWork() {
        decisions.put("A", decision(Duration.ofMillis(100), null, null));
        work.put("B", s -> () -> s.executor.schedule(Duration.ofMillis(50), () -> s.reply("B later")));
        start();
        session.executor.afterDelay(() -> session.reply("delay over"));
        send("A", "B", "C");
        elapse(Duration.ofMillis(100));
        assertThat(replies()).containsExactly("delay over", "A ok");
        elapse(Duration.ofMillis(50));
        assertThat(replies()).containsExactly("delay over", "B later", "C ok");
    }

    @Test
    void theGoAheadLineIsRecordedOnBothPathsOfATlsUpgrade() {
        goAheadLine = "go ahead line";
        decisions.put("STARTTLS", decision(Duration.ofMillis(100), null, null));
        start();
        send("STARTTLS");
        elapse(Duration.ofMillis(100));
        assertThat(serverLines()).containsExactly("go ahead line");

        channel.finishAndReleaseAll();
        decisions.put("STARTTLS", decision(Duration.ZERO, null, Fault.TLS_HANDSHAKE_FAILURE));
        SessionRecord failed = journal.open(Endpoint.SMTP, new InetSocketAddress("127.0.0.1", 25),
                new InetSocketAddress("127.0.0.1", 40001));
        start(failed);
        send("STARTTLS");
        assertThat(replies()).containsExactly("go ahead");
        assertThat(failed.transcript()).extracting(TranscriptLine::toString).containsExactly("S: go ahead line");
    }

    @Test
    void stopsReadingWhileTheClientDoesNotReadAndResumesInOrder() {
        start();
        notWritable();
        send("A", "B", "C");
        assertThat(session.dispatched).containsExactly("A");
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(session.executor.isHeld(FaultExecutor.Hold.WRITABILITY)).isTrue();

        writable();

        assertThat(session.dispatched).containsExactly("A", "B", "C");
        assertThat(replies()).containsExactly("A ok", "B ok", "C ok");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aSessionHoldKeepsTheQueueUntilReleased() {
        work.put("FETCH", s -> () -> s.executor.hold(FaultExecutor.Hold.SESSION));
        start();
        send("FETCH", "NOOP");
        assertThat(session.dispatched).containsExactly("FETCH");
        assertThat(channel.config().isAutoRead()).isFalse();
        session.executor.release(FaultExecutor.Hold.SESSION);
        assertThat(session.dispatched).containsExactly("FETCH", "NOOP");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void sessionWorkScheduledForLaterHoldsTheCommandsBehindIt() {
        // A 250 that the messages-per-minute rate holds back.
        work.put("DATA", s -> () -> s.executor.schedule(Duration.ofSeconds(2), () -> s.reply("DATA queued")));
        start();
        send("DATA", "QUIT");
        elapse(Duration.ofSeconds(1));
        assertThat(replies()).isEmpty();
        elapse(Duration.ofSeconds(1));
        assertThat(replies()).containsExactly("DATA queued", "QUIT ok");
    }

    @Test
    void aQueueOverItsLimitClosesTheConnection() {
        work.put("FETCH", s -> () -> s.executor.hold(FaultExecutor.Hold.SESSION));
        start(2, 1024);
        send("FETCH", "A", "B", "C");
        assertThat(channel.isOpen()).isFalse();
        assertThat(record.protocolErrors()).singleElement().asString().contains("pipelined ahead of the server's replies");
    }

    @Test
    void queuedBytesCountAgainstTheLimit() {
        work.put("FETCH", s -> () -> s.executor.hold(FaultExecutor.Hold.SESSION));
        start(100, 8);
        send("FETCH", "1234", "5678");
        assertThat(channel.isOpen()).isTrue();
        send("9");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void queuedBuffersAreReleasedWhenTheClientLeaves() {
        decisions.put("A", decision(Duration.ofMillis(100), null, null));
        start();
        ByteBuf b = buffer("B");
        ByteBuf c = buffer("C");
        channel.writeInbound(buffer("A"), b, c);
        assertThat(b.refCnt()).isEqualTo(1);
        channel.close();
        assertThat(b.refCnt()).isZero();
        assertThat(c.refCnt()).isZero();
        elapse(Duration.ofMillis(100));
        assertThat(session.dispatched).containsExactly("A");
        assertThat(replies()).isEmpty();
    }

    @Test
    void whatTheClientSendsAfterTheSessionClosedIsDropped() {
        work.put("QUIT", s -> () -> s.executor.closing());
        start();
        ByteBuf after = buffer("NOOP");
        channel.writeInbound(buffer("QUIT"), after);
        assertThat(session.dispatched).containsExactly("QUIT");
        assertThat(after.refCnt()).isZero();
        assertThat(session.closingCalls).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------ harness

    private void start() {
        start(FaultExecutor.DEFAULT_MAX_QUEUED_MESSAGES, FaultExecutor.DEFAULT_MAX_QUEUED_BYTES);
    }

    private void start(SessionRecord journalRecord) {
        session = new ScriptedSession(FaultExecutor.DEFAULT_MAX_QUEUED_MESSAGES, FaultExecutor.DEFAULT_MAX_QUEUED_BYTES,
                journalRecord);
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(session);
    }

    private List<String> serverLines() {
        return record.transcript().stream().filter(l -> l.direction() == Direction.SERVER).map(TranscriptLine::text)
                .toList();
    }

    private void start(int maxMessages, long maxBytes) {
        session = new ScriptedSession(maxMessages, maxBytes, record);
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(session);
    }

    private void send(String... lines) {
        ByteBuf[] bufs = new ByteBuf[lines.length];
        for (int i = 0; i < lines.length; i++) {
            bufs[i] = buffer(lines[i]);
        }
        channel.writeInbound((Object[]) bufs);
    }

    private static ByteBuf buffer(String line) {
        return Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII);
    }

    private void elapse(Duration duration) {
        channel.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private void notWritable() {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    }

    private void writable() {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
    }

    private List<String> replies() {
        List<String> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            out.add((String) msg);
        }
        return out;
    }

    private static FaultDecision decision(Duration delay, Office365Reply reply, Fault fault) {
        return new FaultDecision("rule", Stage.COMMAND, delay, reply, fault, 0);
    }

    private static Office365Reply reply(String text) {
        return Office365Reply.fromRule("busy", new Reply(451, "4.7.500", text, Reply.ImapStatus.NO, null));
    }

    /** A session whose commands are lines; the test's maps say what each command's stage decides. */
    private final class ScriptedSession extends ChannelInboundHandlerAdapter {
        final List<String> dispatched = new ArrayList<>();
        final List<String> replaced = new ArrayList<>();
        final int maxMessages;
        final long maxBytes;
        final SessionRecord journalRecord;
        FaultExecutor executor;
        ChannelHandlerContext ctx;
        int closingCalls;
        boolean upgraded;

        ScriptedSession(int maxMessages, long maxBytes, SessionRecord journalRecord) {
            this.maxMessages = maxMessages;
            this.maxBytes = maxBytes;
            this.journalRecord = journalRecord;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            executor = new FaultExecutor(ctx, ctx, journalRecord, this::dispatch, () -> closingCalls++, maxMessages,
                    maxBytes);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            executor.read(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            executor.readComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            executor.writabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            executor.inactive();
        }

        void reply(String text) {
            ctx.write(text);
        }

        private void dispatch(Object msg) {
            String line = ((ByteBuf) msg).toString(StandardCharsets.US_ASCII);
            dispatched.add(line);
            FaultDecision decision = decisions.getOrDefault(line, FaultDecision.PROCEED);
            Runnable proceed = work.containsKey(line) ? work.get(line).apply(this) : () -> reply(line + " ok");
            if (line.equals("STLS")) {
                executor.startTls(decision, RENDERER, "go ahead", List.of("go ahead"), goAhead -> {
                    ctx.writeAndFlush(goAhead);
                    upgraded = true;
                }, () -> { });
                return;
            }
            if (line.equals("STARTTLS")) {
                executor.startTls(decision, RENDERER, "go ahead",
                        goAheadLine == null ? List.of() : List.of(goAheadLine), goAhead -> {
                    ctx.writeAndFlush(goAhead);
                    upgraded = true;
                }, () -> { });
                return;
            }
            executor.apply(decision, RENDERER, proceed, () -> replaced.add(line));
        }
    }
}
