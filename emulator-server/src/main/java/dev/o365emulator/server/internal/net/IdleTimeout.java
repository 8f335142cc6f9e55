package dev.o365emulator.server.internal.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Ends a connection whose client has done nothing for a while; the session says what "something" is
 * and how to say goodbye.
 *
 * <p>What counts as the client doing something: each whole message the decoder hands the session (a
 * command line, a SASL line: {@link #activity()}), every {@value #PROGRESS_OCTETS} octets of message
 * content ({@link #progress(long)}), and the client reading enough of what the emulator sent for the
 * channel to become writable again. Bytes that complete nothing do not count, so a command line
 * trickled byte by byte (slowloris) gets no more time than an idle connection: the timeout is also
 * the deadline of each command line. A client that stops reading a long reply is idle too. Time the
 * emulator itself makes the client wait ({@code waitingOnServer}, e.g. a fault rule's delay) never
 * counts.
 *
 * <p>Idle time is read from the emulator's clock, so a test can move a clock on instead of waiting; the
 * check itself runs on the event loop's timer, at least every {@link #MAX_CHECK_INTERVAL} of real time,
 * so a clock moved on is noticed. Confined to the channel's event loop.
 */
public final class IdleTimeout {

    /** The longest real-time wait between two looks at the emulator's clock. */
    public static final Duration MAX_CHECK_INTERVAL = Duration.ofMinutes(1);
    /**
     * Message content counts as activity once this much of it has arrived since the last activity: a
     * body sent at a few bytes per timeout is a slowloris too, while a slow link still moves kilobytes.
     */
    public static final int PROGRESS_OCTETS = 8 * 1024;

    private final ChannelHandlerContext ctx;
    private final Clock clock;
    private final Duration limit;
    private final BooleanSupplier waitingOnServer;
    private final Consumer<Duration> expired;
    /** The emulator's clock at the client's last activity, in milliseconds: no object per command. */
    private long lastActivity;
    private long progress;
    private ScheduledFuture<?> check;
    private boolean stopped;

    /**
     * @param limit how long the client may do nothing
     * @param waitingOnServer whether the emulator is the one being waited for right now
     * @param expired what the session does once the limit is reached, given the idle time; called once
     */
    public IdleTimeout(ChannelHandlerContext ctx, Clock clock, Duration limit, BooleanSupplier waitingOnServer,
            Consumer<Duration> expired) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + limit);
        }
        this.ctx = ctx;
        this.clock = clock;
        this.limit = limit;
        this.waitingOnServer = waitingOnServer;
        this.expired = expired;
    }

    /** Starts counting, e.g. from {@code channelActive}. */
    public void start() {
        lastActivity = clock.millis();
        schedule(limit);
    }

    /** The client did something: the count starts again. */
    public void activity() {
        lastActivity = clock.millis();
        progress = 0;
    }

    /** {@code octets} of message content arrived; counts as activity once enough of it has. */
    public void progress(long octets) {
        progress += octets;
        if (progress >= PROGRESS_OCTETS) {
            activity();
        }
    }

    /** Call from {@code channelWritabilityChanged}: a client that drained the emulator's output is reading. */
    public void writabilityChanged() {
        if (ctx.channel().isWritable()) {
            activity();
        }
    }

    /** Stops the timer for good, e.g. from {@code channelInactive}, so a closed session is not kept reachable. */
    public void stop() {
        stopped = true;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(Duration in) {
        long millis = Math.max(1, Math.min(in.toMillis(), MAX_CHECK_INTERVAL.toMillis()));
        check = ctx.executor().schedule(this::check, millis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        check = null;
        if (stopped || !ctx.channel().isActive()) {
            return;
        }
        if (waitingOnServer.getAsBoolean()) {
            // The client is waiting for the emulator: its idle time starts when the wait ends.
            activity();
        }
        Duration idle = Duration.ofMillis(clock.millis() - lastActivity);
        if (idle.compareTo(limit) < 0) {
            schedule(limit.minus(idle));
            return;
        }
        stopped = true;
        expired.accept(idle);
    }
}
