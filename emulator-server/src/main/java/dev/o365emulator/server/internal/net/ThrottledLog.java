package dev.o365emulator.server.internal.net;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A warning that may happen thousands of times a second (a connection flood, a process out of file
 * descriptors): the first occurrence is logged at once, later ones are counted and logged together
 * at most once per interval, with the latest one's detail, so a flood costs a few log lines.
 *
 * <p>Thread-safe; the interval's report runs on the given scheduler.
 */
public final class ThrottledLog {

    private final Consumer<String> sink;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final String what;
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicReference<String> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param sink where the lines go (a logger's {@code warn})
     * @param what the event, as the start of a sentence: {@code "Refused a connection over the limit"}
     */
    public ThrottledLog(Consumer<String> sink, ScheduledExecutorService scheduler, Duration interval, String what) {
        this.sink = Objects.requireNonNull(sink);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.interval = Objects.requireNonNull(interval);
        this.what = Objects.requireNonNull(what);
    }

    /** Records one occurrence; {@code detail} says which (addresses, endpoint), never a secret. */
    public void occurred(String detail) {
        latest.set(detail);
        if (scheduled.compareAndSet(false, true)) {
            sink.accept(what + " (" + detail + "); more are counted and reported every " + seconds() + ".");
            schedule();
        } else {
            unreported.incrementAndGet();
        }
    }

    private void report() {
        long count = unreported.getAndSet(0);
        if (count > 0) {
            sink.accept(what + ": " + count + " more in the last " + seconds() + " (latest: " + latest.get() + ").");
            schedule();
            return;
        }
        scheduled.set(false);
        // An occurrence between the two lines above found the report still scheduled and only counted
        // itself: report it at the next interval rather than never.
        if (unreported.get() > 0 && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            scheduler.schedule(this::report, interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // the emulator is closing; nothing is left to report to
        }
    }

    private String seconds() {
        return interval.toSeconds() + " s";
    }
}
