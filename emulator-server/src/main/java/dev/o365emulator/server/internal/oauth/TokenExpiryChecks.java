package dev.o365emulator.server.internal.oauth;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Checks sessions hold on their token's expiry: each runs on the session's event loop at the token's
 * {@code exp}, and {@link #runNow()} runs them all at once for tests that advance a mutable clock.
 *
 * <p>A check compares the clock with {@code exp} when it runs: early (clock not there yet) it
 * schedules itself again for the time left; due, it calls the session back once and is done.
 */
public final class TokenExpiryChecks {

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

    /** Calls {@code onExpired} on {@code loop} once {@code clock} reaches {@code expiresAt}, unless cancelled first. */
    public Watch watch(EventExecutor loop, Clock clock, Instant expiresAt, Runnable onExpired) {
        Watch watch = new Watch(loop, clock, expiresAt, onExpired);
        watches.add(watch);
        loop.execute(watch::check);
        return watch;
    }

    /** Runs every pending check now, each on its own event loop (returns without waiting for them). */
    public void runNow() {
        for (Watch watch : watches) {
            watch.loop.execute(watch::check);
        }
    }

    /** How many checks are pending (for tests). */
    public int pending() {
        return watches.size();
    }

    /** One session's pending expiry check. */
    public final class Watch {
        private final EventExecutor loop;
        private final Clock clock;
        private final Instant expiresAt;
        private final Runnable onExpired;
        // Touched on the loop only.
        private ScheduledFuture<?> timer;
        private boolean done;

        private Watch(EventExecutor loop, Clock clock, Instant expiresAt, Runnable onExpired) {
            this.loop = Objects.requireNonNull(loop);
            this.clock = Objects.requireNonNull(clock);
            this.expiresAt = Objects.requireNonNull(expiresAt);
            this.onExpired = Objects.requireNonNull(onExpired);
        }

        private void check() {
            if (done) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            Duration left = Duration.between(clock.instant(), expiresAt);
            if (left.isNegative() || left.isZero()) {
                cancel();
                onExpired.run();
                return;
            }
            timer = loop.schedule(this::check, left.toMillis() + 1, TimeUnit.MILLISECONDS);
        }

        /** Stops the check; call it on the session's event loop. */
        public void cancel() {
            done = true;
            watches.remove(this);
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }
}
