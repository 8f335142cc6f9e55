package dev.o365emulator.server.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final EmbeddedChannel clock = new EmbeddedChannel();
    private final ThrottledLog log;

    ThrottledLogTest() {
        clock.freezeTime();
        log = new ThrottledLog(lines::add, clock.eventLoop(), Duration.ofSeconds(10), "Refused a connection");
    }

    private void advance(int seconds) {
        clock.advanceTimeBy(seconds, TimeUnit.SECONDS);
        clock.runScheduledPendingTasks();
    }

    @Test
    void theFirstOccurrenceIsLoggedAtOnceAndTheRestOncePerIntervalWithTheirCount() {
        for (int i = 1; i <= 500; i++) {
            log.occurred("from 192.0.2." + (i % 250));
        }
        assertThat(lines).containsExactly(
                "Refused a connection (from 192.0.2.1); more are counted and reported every 10 s.");

        advance(9);
        assertThat(lines).hasSize(1);
        advance(1);
        assertThat(lines).hasSize(2).last().isEqualTo(
                "Refused a connection: 499 more in the last 10 s (latest: from 192.0.2.0).");

        log.occurred("from 198.51.100.7");
        log.occurred("from 198.51.100.8");
        advance(10);
        assertThat(lines).hasSize(3).last().isEqualTo(
                "Refused a connection: 2 more in the last 10 s (latest: from 198.51.100.8).");
    }

    @Test
    void afterAQuietIntervalTheNextOccurrenceIsLoggedAtOnceAgain() {
        log.occurred("first");
        advance(10);
        advance(10);
        assertThat(lines).hasSize(1);

        log.occurred("after the quiet");
        assertThat(lines).hasSize(2).last().asString().startsWith("Refused a connection (after the quiet)");
        advance(10);
        assertThat(lines).hasSize(2);
    }
}
