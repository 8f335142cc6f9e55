package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.tenant.MutableClock;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Expiry checks: on their timers, early on demand, once, and not after a cancel. */
class TokenExpiryChecksTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Instant exp = clock.instant().plus(Duration.ofHours(1));
    private final TokenExpiryChecks checks = new TokenExpiryChecks();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicInteger fired = new AtomicInteger();

    @Test
    void aCheckRunEarlyWaitsForTheClockThenFiresOnce() {
        checks.watch(channel.eventLoop(), clock, exp, fired::incrementAndGet);
        channel.runPendingTasks();
        checks.runNow();
        channel.runPendingTasks();
        assertThat(fired).hasValue(0);
        assertThat(checks.pending()).isEqualTo(1);

        clock.advance(Duration.ofHours(1));
        checks.runNow();
        channel.runPendingTasks();
        checks.runNow();
        channel.runPendingTasks();
        assertThat(fired).hasValue(1);
        assertThat(checks.pending()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void aCancelledCheckNeverFires() {
        TokenExpiryChecks.Watch watch = checks.watch(channel.eventLoop(), clock, exp, fired::incrementAndGet);
        channel.runPendingTasks();
        watch.cancel();
        clock.advance(Duration.ofHours(2));
        checks.runNow();
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
        assertThat(fired).hasValue(0);
        assertThat(checks.pending()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void aTokenAlreadyExpiredFiresAtOnce() {
        clock.advance(Duration.ofHours(1));
        checks.watch(channel.eventLoop(), clock, exp, fired::incrementAndGet);
        channel.runPendingTasks();
        assertThat(fired).hasValue(1);
        channel.finishAndReleaseAll();
    }
}
