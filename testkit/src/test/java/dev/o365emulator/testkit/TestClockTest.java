package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestClockTest {

    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void standsStillUntilMovedAndThenMovesByExactlyTheDuration() {
        TestClock clock = TestClock.at(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);

        clock.advance(Duration.ofHours(1));
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(-90));
        assertThat(clock.instant()).isEqualTo(START.minus(Duration.ofMinutes(30)));
        clock.set(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    }

    @Test
    void aClockInAnotherZoneMovesWithTheOriginal() {
        TestClock clock = TestClock.at(START);
        TestClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);

        clock.advance(Duration.ofDays(1));
        assertThat(paris.instant()).isEqualTo(START.plus(Duration.ofDays(1)));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}
