package dev.o365emulator.server.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AcceptFailuresTest {

    @Test
    void aFailedAcceptPausesAcceptingForASecondAndIsLoggedOnceNotOnceEach() {
        List<String> lines = new CopyOnWriteArrayList<>();
        EmbeddedChannel listener = new EmbeddedChannel();
        listener.freezeTime();
        listener.pipeline().addLast(new AcceptFailures(new ThrottledLog(lines::add, listener.eventLoop(),
                Duration.ofSeconds(10), "Cannot accept a connection")));

        for (int i = 0; i < 100; i++) {
            listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
        }

        assertThat(listener.config().isAutoRead()).as("accepting paused").isFalse();
        assertThat(lines).singleElement().asString().contains("Too many open files");
        listener.advanceTimeBy(AcceptFailures.PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
        assertThat(listener.config().isAutoRead()).as("accepting again after the pause").isTrue();
        listener.checkException(); // the failures ended at the handler, none reached the pipeline's end
        assertThat(listener.finish()).isFalse();
    }
}
