package dev.o365emulator.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until the test moves it, for the emulator's time-based behaviour
 * (token expiry, rate limits, daily quotas, idle timeouts) without waiting.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-12-01T09:00:00Z"));
 * Emulator emulator = Emulator.builder().clock(clock).start();   // or configure(b -> b.clock(clock))
 * clock.advance(Duration.ofHours(1));                            // an hour later, at once
 * }</pre>
 *
 * <p>Thread-safe: the emulator reads it from its event loops while the test moves it. Clocks made
 * by {@link #withZone(ZoneId)} share the same instant.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code start}, in UTC. */
    public static TestClock at(Instant start) {
        return new TestClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** Moves the clock on by {@code duration} (backwards when negative). */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        now.updateAndGet(t -> t.plus(duration));
    }

    /** Puts the clock at {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public TestClock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new TestClock(now, zone);
    }
}
