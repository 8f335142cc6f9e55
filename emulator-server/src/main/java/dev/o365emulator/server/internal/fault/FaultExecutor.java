package dev.o365emulator.server.internal.fault;

import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.server.internal.journal.SessionRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The order in which one connection's input is handled, and the one place where a scenario rule's
 * decision is carried out: the same for SMTP, IMAP and POP3.
 *
 * <p>A session hands every decoded message to {@link #read}; the executor either dispatches it to
 * the session at once or queues it. Reading from the socket is on exactly while nothing
 * {@linkplain Hold holds} it:
 * <ul>
 *   <li>{@link Hold#DELAY} while a rule's delay runs, so commands pipelined behind a delayed reply
 *       wait for it instead of overtaking it;</li>
 *   <li>{@link Hold#WRITABILITY} while the channel cannot take more output, so a client that sends
 *       without reading cannot make the server hold its replies without bound;</li>
 *   <li>{@link Hold#QUEUED} while anything waits in the queue, so the queue never holds more than
 *       what the read in progress had already brought in;</li>
 *   <li>{@link Hold#SESSION} while the session does long work of its own (a FETCH that streams as
 *       the socket drains, a submission whose {@code 250} a rate limit delays);</li>
 *   <li>{@link Hold#WORK} while blocking work runs on another thread ({@link #offload}): a delivery
 *       being forced to disk, whose reply comes first.</li>
 * </ul>
 * When the last hold goes, the queued messages are dispatched in order, then reading resumes.
 *
 * <p>{@link #apply} carries out a {@link FaultDecision}: after the rule's delay (scheduled on the
 * event loop, never slept), the rule's reply is rendered by the session's {@link ResponseRenderer}
 * into the protocol's typed responses and written through the session's encoder; then the rule's
 * fault closes, resets, stalls, throttles or fails the TLS handshake (see {@link FaultActions}), or
 * the session's normal work runs. A decision that ends the connection makes the executor
 * <em>closing</em>: nothing the client sent afterwards is dispatched, and the session's closing
 * callback runs once. {@link #startTls} does the same for the TLS upgrade command and throws away
 * whatever was queued behind it, since those bytes came in plain text.
 *
 * <p>Not thread-safe: every method runs on the channel's event loop.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>queued messages</td><td>{@value #DEFAULT_MAX_QUEUED_MESSAGES}</td><td>protocol error, connection closed</td></tr>
 *   <tr><td>queued bytes (content of queued buffers)</td><td>{@value #DEFAULT_MAX_QUEUED_BYTES}</td><td>the same</td></tr>
 * </table>
 * Reading stops as soon as a message is queued, so a queue holds at most what one socket read
 * decoded into; the limits only guard against a decoder that turns few bytes into many messages.
 *
 * <p>Longer than most classes on purpose: holding, queueing, delaying, closing and the TLS upgrade interact,
 * and the ordering guarantees above hold only if they are read and changed in one place.
 */
public final class FaultExecutor {

    /** Why reading is paused. */
    public enum Hold {
        /** A rule's delay is running. */
        DELAY,
        /** The channel's outbound buffer is over its high-water mark. */
        WRITABILITY,
        /** Messages wait in the queue. */
        QUEUED,
        /** The session's own long-running work. */
        SESSION,
        /** Blocking work of the session runs on another thread ({@link #offload}). */
        WORK
    }

    /** More messages than one 64 KiB read of the shortest commands can produce. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 65_536;
    /** Queued content beyond this means the client sends far ahead of the replies. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    private final ChannelHandlerContext ctx;
    private final ChannelOutboundInvoker out;
    private final SessionRecord record;
    private final Consumer<Object> dispatcher;
    private final Runnable onClosing;
    private int maxQueuedMessages;
    private long maxQueuedBytes;
    private ToLongFunction<Object> sizeOf = FaultExecutor::bufferSize;
    private Runnable onOverflow;
    private Runnable afterDelay = () -> { };

    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final EnumSet<Hold> holds = EnumSet.noneOf(Hold.class);
    private final List<ScheduledFuture<?>> timers = new ArrayList<>(1);
    private long queuedBytes;
    private boolean draining;
    private boolean closing;
    private boolean stalled;
    private boolean inactive;

    /**
     * An executor for a protocol session's handler.
     *
     * @param ctx the session handler's context: replies are written through it, so they pass the
     *     session's encoder
     * @param dispatcher the session's handling of one decoded message; the executor releases the
     *     message afterwards
     * @param onClosing runs once when a decision ends the connection (a session stops its own work,
     *     e.g. POP3 forgets its marked deletions)
     */
    public FaultExecutor(ChannelHandlerContext ctx, SessionRecord record, Consumer<Object> dispatcher,
            Runnable onClosing) {
        this(ctx, ctx, record, dispatcher, onClosing, DEFAULT_MAX_QUEUED_MESSAGES, DEFAULT_MAX_QUEUED_BYTES);
    }

    /**
     * An executor writing through {@code out}: a handler in front of the encoder (the greeting gate)
     * writes through the channel, so its replies still pass every encoder.
     */
    public FaultExecutor(ChannelHandlerContext ctx, ChannelOutboundInvoker out, SessionRecord record,
            Consumer<Object> dispatcher, Runnable onClosing, int maxQueuedMessages, long maxQueuedBytes) {
        if (maxQueuedMessages < 1 || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("queue limits must be positive");
        }
        this.ctx = Objects.requireNonNull(ctx);
        this.out = Objects.requireNonNull(out);
        this.record = record;
        this.dispatcher = Objects.requireNonNull(dispatcher);
        this.onClosing = Objects.requireNonNull(onClosing);
        this.maxQueuedMessages = maxQueuedMessages;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * Bounds the queue for this session: past {@code maxMessages} messages or {@code maxBytes} (as
     * {@code sizeOf} measures a queued message), the queue is dropped, the executor is closing and
     * {@code onOverflow} says the protocol's goodbye (the default closes the connection silently).
     */
    public FaultExecutor limit(int maxMessages, long maxBytes, ToLongFunction<Object> sizeOf, Runnable onOverflow) {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue limits must be positive");
        }
        this.maxQueuedMessages = maxMessages;
        this.maxQueuedBytes = maxBytes;
        this.sizeOf = Objects.requireNonNull(sizeOf);
        this.onOverflow = onOverflow;
        return this;
    }

    /**
     * Runs {@code listener} each time a delay (a rule's or the session's own) has passed, before the
     * delayed work: a session restarts its idle clock there, since the client was waiting on the
     * emulator, not idling.
     */
    public FaultExecutor afterDelay(Runnable listener) {
        this.afterDelay = Objects.requireNonNull(listener);
        return this;
    }

    /** How many messages wait in the queue. */
    public int queued() {
        return queue.size();
    }

    // ------------------------------------------------------------------------------------ input

    /** A decoded message from the client: dispatched now, or queued behind what holds reading. */
    public void read(Object msg) {
        if (closing || inactive) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!holds.isEmpty() || draining) {
            enqueue(msg);
            return;
        }
        dispatch(msg);
        checkWritability();
    }

    /** The read is complete: whatever the session wrote goes out. */
    public void readComplete() {
        ctx.flush();
    }

    /** The channel's writability changed: reading and the queue resume when it can take output again. */
    public void writabilityChanged() {
        if (ctx.channel().isWritable() && holds.contains(Hold.WRITABILITY)) {
            release(Hold.WRITABILITY);
        }
    }

    /** The connection closed: queued messages are released and pending delays cancelled. */
    public void inactive() {
        inactive = true;
        for (ScheduledFuture<?> timer : timers) {
            timer.cancel(false);
        }
        timers.clear();
        clearQueue();
    }

    // ------------------------------------------------------------------------------------ holds

    /** Pauses reading (and dispatching) for this reason until {@link #release}. */
    public void hold(Hold reason) {
        if (holds.add(reason)) {
            updateAutoRead();
        }
    }

    /** Ends a hold; when none is left, what was queued is dispatched in order and reading resumes. */
    public void release(Hold reason) {
        if (holds.remove(reason)) {
            drain();
        }
    }

    /** Whether this reason currently holds reading. */
    public boolean isHeld(Hold reason) {
        return holds.contains(reason);
    }

    /** Whether a decision ended the connection: nothing more is dispatched. */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Runs the session's own delayed work (not a rule's) after {@code delay}: reading is held
     * meanwhile, so what the client pipelines waits; the work is dropped if the connection closes first.
     */
    public void schedule(Duration delay, Runnable work) {
        after(delay, work);
    }

    /**
     * Ends the session from the session's side (QUIT, LOGOUT, a fatal refusal): nothing more is
     * dispatched, and the closing callback runs.
     */
    public void closing() {
        if (!closing) {
            closing = true;
            clearQueue();
            onClosing.run();
        }
    }

    /**
     * Runs blocking {@code work} (a store write) on {@code workers}, off the event loop, and then
     * {@code done} with its result back on the event loop; reading is held meanwhile, so what the client
     * pipelined is dispatched after {@code done}'s reply, in order. {@code done} runs even when the
     * connection closed meanwhile (the work happened; its reply goes nowhere), so the session gives back
     * what the work held. A failure of {@code work} reaches the pipeline's exception handling.
     *
     * @return false, with nothing run and nothing held, when {@code workers} refuses the work (full): the
     *     session answers with its protocol's transient refusal
     */
    public <T> boolean offload(Executor workers, Supplier<T> work, Consumer<T> done) {
        EventExecutor loop = ctx.executor();
        boolean wasHeld = holds.contains(Hold.WORK);
        holds.add(Hold.WORK);
        try {
            workers.execute(() -> {
                T result = null;
                Throwable failure = null;
                try {
                    result = work.get();
                } catch (Throwable t) {
                    failure = t;
                }
                T outcome = result;
                Throwable failed = failure;
                try {
                    loop.execute(() -> finishWork(outcome, failed, done));
                } catch (RejectedExecutionException loopGone) {
                    // The emulator is closing: nobody is left to hear the reply, and nothing was acknowledged.
                }
            });
        } catch (RejectedExecutionException full) {
            if (!wasHeld) {
                holds.remove(Hold.WORK);
            }
            return false;
        }
        updateAutoRead();
        return true;
    }

    private <T> void finishWork(T result, Throwable failure, Consumer<T> done) {
        try {
            if (failure != null) {
                ctx.fireExceptionCaught(failure);
            } else {
                done.accept(result);
            }
        } finally {
            release(Hold.WORK);
            ctx.flush();
        }
    }

    // -------------------------------------------------------------------------------- decisions

    /** Carries out a decision; {@code proceed} is the session's normal work for the stage. */
    public void apply(FaultDecision decision, ResponseRenderer renderer, Runnable proceed) {
        apply(decision, renderer, proceed, null);
    }

    /**
     * Carries out a decision.
     *
     * @param proceed the session's normal work, run (after the delay) when no reply replaces it and
     *     the connection stays usable: {@link FaultDecision#PROCEED}, a delay alone, or {@code throttle}
     * @param replaced run after a rule's reply stood in for the stage's own (e.g. to end the SMTP
     *     transaction whose message the reply refused); may be null
     */
    public void apply(FaultDecision decision, ResponseRenderer renderer, Runnable proceed, Runnable replaced) {
        if (decision.isProceed()) {
            proceed.run();
            return;
        }
        if (decision.delay().isZero() || decision.delay().isNegative()) {
            act(decision, renderer, proceed, replaced);
            return;
        }
        after(decision.delay(), () -> act(decision, renderer, proceed, replaced));
    }

    /**
     * The TLS upgrade command's stage: after the decision's delay and unless its reply or fault ends
     * the attempt, {@code goAhead} is written and TLS starts ({@code upgrade} inserts the handler and
     * writes the go-ahead, e.g. {@code StartTls.upgrade}); whatever the client had pipelined behind the
     * command is discarded and recorded, then {@code afterUpgrade} lets the session forget what it
     * learnt in plain text. A {@code tls-handshake-failure} rule writes the go-ahead and answers the
     * client's ClientHello with a fatal alert instead.
     */
    public void startTls(FaultDecision decision, ResponseRenderer renderer, Object goAhead,
            Consumer<Object> upgrade, Runnable afterUpgrade) {
        startTls(decision, renderer, goAhead, List.of(), upgrade, afterUpgrade);
    }

    /**
     * As {@link #startTls(FaultDecision, ResponseRenderer, Object, Consumer, Runnable)}, recording
     * {@code goAheadLines} (the lines the go-ahead puts on the wire) in the transcript whichever way
     * the go-ahead is written: before the upgrade, or before a failing handshake.
     */
    public void startTls(FaultDecision decision, ResponseRenderer renderer, Object goAhead, List<String> goAheadLines,
            Consumer<Object> upgrade, Runnable afterUpgrade) {
        if (decision.fault() == Fault.TLS_HANDSHAKE_FAILURE) {
            // The handshake fails whatever else the rule says: the go-ahead, then a fatal alert.
            FaultDecision delayOnly = decision.delayOnly();
            apply(delayOnly, renderer, () -> {
                markClosing();
                recordServer(goAheadLines);
                out.writeAndFlush(goAhead);
                FaultActions.failTlsHandshake(ctx);
            });
            return;
        }
        apply(decision, renderer, () -> {
            recordServer(goAheadLines);
            upgrade.accept(goAhead);
            discardQueued("after the TLS upgrade command");
            afterUpgrade.run();
        });
    }

    /** Throws away what is queued (it came before a TLS upgrade), recording it as a protocol error. */
    public void discardQueued(String where) {
        int dropped = queue.size();
        clearQueue();
        if (dropped > 0 && record != null) {
            record.protocolError(dropped + " message(s) pipelined " + where + " were discarded");
        }
    }

    private void recordServer(List<String> lines) {
        if (record != null) {
            lines.forEach(record::server);
        }
    }

    private void act(FaultDecision d, ResponseRenderer renderer, Runnable proceed, Runnable replaced) {
        if (inactive) {
            return;
        }
        Fault fault = d.fault();
        if (fault == Fault.THROTTLE) {
            FaultActions.throttle(ctx.pipeline(), d.bytesPerSecond());
        }
        boolean endsConnection = fault != null && fault != Fault.THROTTLE;
        ChannelFuture written = null;
        if (d.reply() != null) {
            endsConnection |= renderer.closesAfter(d.reply());
            if (record != null) {
                renderer.transcript(d.reply()).forEach(record::server);
            }
            for (Object response : renderer.render(d.reply())) {
                written = out.write(response);
            }
            out.flush();
            if (replaced != null) {
                replaced.run();
            }
        }
        if (endsConnection) {
            markClosing();
        }
        if (fault == null || fault == Fault.THROTTLE) {
            if (d.reply() == null) {
                proceed.run();
            } else if (endsConnection) {
                closeAfter(written, () -> ctx.channel().close());
            }
            return;
        }
        // The session's earlier replies go out before the connection ends or goes silent.
        ctx.flush();
        switch (fault) {
            case CLOSE -> closeAfter(written, () -> ctx.channel().close());
            case CONNECTION_RESET -> closeAfter(written, () -> FaultActions.reset(ctx));
            case STALL -> {
                stalled = true;
                FaultActions.stall(ctx);
            }
            case GARBAGE_THEN_CLOSE -> FaultActions.garbageThenClose(ctx);
            case TLS_HANDSHAKE_FAILURE -> FaultActions.failTlsHandshake(ctx);
            // Listener faults never reach an accepted connection; end it the hard way if one does.
            case REFUSE, DROP_CONNECT -> FaultActions.reset(ctx);
            default -> throw new IllegalStateException(fault.toString());
        }
    }

    private static void closeAfter(ChannelFuture written, Runnable close) {
        if (written == null) {
            close.run();
        } else {
            written.addListener((ChannelFutureListener) f -> close.run());
        }
    }

    private void markClosing() {
        if (!closing) {
            closing = true;
            clearQueue();
            onClosing.run();
        }
    }

    private void after(Duration delay, Runnable work) {
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = ctx.executor().schedule(() -> {
            timers.remove(self[0]);
            if (timers.isEmpty()) {
                holds.remove(Hold.DELAY);
            }
            if (inactive || !ctx.channel().isActive()) {
                return;
            }
            afterDelay.run();
            work.run();
            drain();
            ctx.flush();
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
        timers.add(self[0]);
        hold(Hold.DELAY);
    }

    // ------------------------------------------------------------------------------------ queue

    private void enqueue(Object msg) {
        long size = sizeOf.applyAsLong(msg);
        if (queue.size() >= maxQueuedMessages || queuedBytes + size > maxQueuedBytes) {
            ReferenceCountUtil.release(msg);
            if (record != null) {
                record.protocolError("more than " + maxQueuedMessages + " messages"
                        + (maxQueuedBytes == Long.MAX_VALUE ? "" : " or " + maxQueuedBytes + " bytes")
                        + " pipelined behind an unfinished command: too many pipelined ahead of the"
                        + " server's replies, the connection is closed");
            }
            // The goodbye first, while the session still answers; then the session hears it is closing.
            closing = true;
            clearQueue();
            if (onOverflow != null) {
                onOverflow.run();
            } else {
                ctx.channel().close();
            }
            onClosing.run();
            return;
        }
        queue.add(msg);
        queuedBytes += size;
        if (holds.add(Hold.QUEUED)) {
            updateAutoRead();
        }
    }

    private void drain() {
        if (draining) {
            // The loop below, further up the stack, goes on once the session's work returns.
            updateAutoRead();
            return;
        }
        draining = true;
        try {
            while (!closing && !inactive && !queue.isEmpty() && onlyQueuedHolds()) {
                Object msg = queue.poll();
                queuedBytes -= sizeOf.applyAsLong(msg);
                dispatch(msg);
                checkWritability();
            }
            if (queue.isEmpty()) {
                holds.remove(Hold.QUEUED);
            }
        } finally {
            draining = false;
        }
        updateAutoRead();
        ctx.flush();
    }

    private boolean onlyQueuedHolds() {
        return holds.isEmpty() || (holds.size() == 1 && holds.contains(Hold.QUEUED));
    }

    private void dispatch(Object msg) {
        try {
            dispatcher.accept(msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void checkWritability() {
        if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
            // Flushed first: only what has been flushed can drain and make the channel writable again.
            ctx.flush();
            if (!ctx.channel().isWritable()) {
                hold(Hold.WRITABILITY);
            }
        }
    }

    private void clearQueue() {
        while (!queue.isEmpty()) {
            ReferenceCountUtil.release(queue.poll());
        }
        queuedBytes = 0;
        holds.remove(Hold.QUEUED);
    }

    private void updateAutoRead() {
        boolean read = !stalled && !inactive && holds.isEmpty();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private static long bufferSize(Object msg) {
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
    }
}
