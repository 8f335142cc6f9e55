package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store's writers: bounded in threads and queue, refusing past the queue, and waited for at close. */
class StoreWriterTest {

    @Test
    void aWritePastTheQueueIsRefusedAndTheOthersRun() throws InterruptedException {
        StoreWriter writer = new StoreWriter(1, 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        writer.execute(() -> {
            running.countDown();
            await(gate);
            done.add("first");
        });
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        writer.execute(() -> done.add("queued"));
        assertThat(writer.queued()).isEqualTo(1);

        assertThatThrownBy(() -> writer.execute(() -> done.add("refused")))
                .isInstanceOf(RejectedExecutionException.class);

        gate.countDown();
        assertThat(writer.close(Duration.ofSeconds(20))).isTrue();
        assertThat(done).containsExactly("first", "queued");
    }

    @Test
    void closingWaitsForTheWritesUnderWayAndTakesNoMore() throws Exception {
        StoreWriter writer = new StoreWriter(2, 4);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        writer.execute(() -> {
            running.countDown();
            await(gate);
            done.add("written");
        });
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> writer.close(Duration.ofSeconds(30)));
        assertThat(closed).as("the write under way holds the close").isNotDone();

        gate.countDown();
        assertThat(closed.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(done).containsExactly("written");
        assertThatThrownBy(() -> writer.execute(() -> done.add("late"))).isInstanceOf(RejectedExecutionException.class);
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
