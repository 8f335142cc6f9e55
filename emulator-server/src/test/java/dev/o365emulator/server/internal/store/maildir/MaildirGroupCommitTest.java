package dev.o365emulator.server.internal.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends to one Maildir folder commit as a group: each message's file is forced outside the folder's
 * lock, and one force of {@code new/} and of the UID list covers every append that waited for it. A disk
 * that counts forces and holds the first flush of {@code new/} shows it: the appends that arrive meanwhile
 * write and force their files, then wait, and are made durable by one more flush, not one each.
 */
class MaildirGroupCommitTest {
    private static final String ADELE = "adele@contoso.com";
    private static final int LATER = 5;

    @TempDir
    Path root;

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final CountingDisk disk = new CountingDisk();
    private final ExecutorService threads = Executors.newFixedThreadPool(LATER + 1);
    private MailStore store;

    @AfterEach
    void stop() throws InterruptedException {
        disk.releaseFlush();
        threads.shutdownNow();
        threads.awaitTermination(20, TimeUnit.SECONDS);
        if (store != null) {
            store.close();
        }
    }

    @Test
    void appendsArrivingDuringAFlushAreForcedTogetherByTheNextOne() throws Exception {
        MailFolder inbox = openInbox();
        CompletableFuture<MailFolder.AppendResult> first = append(inbox, "first");
        List<CompletableFuture<MailFolder.AppendResult>> later = appendBehindTheHeldFlush(inbox);
        assertThat(first).isNotDone();
        assertThat(later).noneMatch(CompletableFuture::isDone);
        assertThat(inbox.exists()).as("nothing is visible before it is durable").isZero();
        assertThat(inbox.uidNext()).as("a UID waiting to be durable is not announced").isEqualTo(1);
        int flushesBefore = disk.newDirectoryForces.get();

        disk.releaseFlush();

        assertThat(first.get(20, TimeUnit.SECONDS).uid()).isEqualTo(1);
        List<Long> uids = new ArrayList<>();
        for (CompletableFuture<MailFolder.AppendResult> f : later) {
            uids.add(f.get(20, TimeUnit.SECONDS).uid());
        }
        assertThat(uids).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L);
        assertThat(disk.newDirectoryForces.get() - flushesBefore)
                .as("one flush of new/ for the %d appends that waited", LATER).isEqualTo(1);
        assertThat(inbox.snapshot().messages()).extracting(MessageHandle::uid).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(inbox.uidNext()).isEqualTo(7);
        try (var files = Files.list(root.resolve(ADELE).resolve("new"))) {
            assertThat(files.count()).isEqualTo(1 + LATER);
        }
    }

    @Test
    void aFailedFlushRefusesEveryAppendOfItsBatchAndLeavesNothingVisible() throws Exception {
        MailFolder inbox = openInbox();
        CompletableFuture<MailFolder.AppendResult> first = append(inbox, "first");
        List<CompletableFuture<MailFolder.AppendResult>> later = appendBehindTheHeldFlush(inbox);
        disk.failNextFlush();

        disk.releaseFlush();

        assertThat(first.get(20, TimeUnit.SECONDS).uid()).as("the held flush itself went through").isEqualTo(1);
        for (CompletableFuture<MailFolder.AppendResult> f : later) {
            assertThat(f).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(Exception.class)
                    .havingRootCause().isInstanceOf(IOException.class);
        }
        assertThat(inbox.snapshot().messages()).extracting(MessageHandle::uid).containsExactly(1L);
        assertThat(append(inbox, "after").get(20, TimeUnit.SECONDS).uid()).as("UIDs are not given twice")
                .isEqualTo(2 + LATER);
    }

    /** A store on the counting disk, its next flush of {@code new/} to be held; the Inbox. */
    private MailFolder openInbox() {
        store = new MailStore(clock, a -> Long.MAX_VALUE, MemoryBudget.unlimited(),
                MaildirStorage.open(root, MaildirOptions.defaults().withFiles(disk)));
        MailFolder inbox = store.open(ADELE).inbox();
        disk.holdNextFlush();
        return inbox;
    }

    /**
     * Once the first append's flush is held, {@value #LATER} more appends, returned when each has written and
     * forced its file and been added to the folder (its UID line written, not yet forced): only an entry added
     * by the time the held flush ends can be in the next one.
     */
    private List<CompletableFuture<MailFolder.AppendResult>> appendBehindTheHeldFlush(MailFolder inbox) {
        Await.until("the first append's flush is held", Duration.ofSeconds(20), () -> disk.flushHeld.getCount() == 0);
        List<CompletableFuture<MailFolder.AppendResult>> later = new ArrayList<>();
        for (int i = 0; i < LATER; i++) {
            later.add(append(inbox, "later " + i));
        }
        Await.until("every later message's file is written and forced while the flush is held", Duration.ofSeconds(20),
                () -> disk.messageForces.get() == 1 + LATER);
        Await.until("every later message has its UID line", Duration.ofSeconds(20),
                () -> uidLines(root.resolve(ADELE)) == 1 + LATER);
        return later;
    }

    private static long uidLines(Path folder) {
        try (var lines = Files.lines(folder.resolve(UidList.FILE))) {
            return lines.count() - 1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CompletableFuture<MailFolder.AppendResult> append(MailFolder folder, String subject) {
        byte[] raw = ("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return CompletableFuture.supplyAsync(() -> folder.append(store.newMessage(raw), Flags.NONE), threads);
    }

    /** Counts forces of message files and of {@code new/}; can hold, or fail, the next force of {@code new/}. */
    private static final class CountingDisk implements MaildirFiles {
        final AtomicInteger messageForces = new AtomicInteger();
        final AtomicInteger newDirectoryForces = new AtomicInteger();
        volatile CountDownLatch flushHeld = new CountDownLatch(0);
        volatile CountDownLatch flushGate = new CountDownLatch(0);
        volatile boolean failNext;

        void holdNextFlush() {
            flushHeld = new CountDownLatch(1);
            flushGate = new CountDownLatch(1);
        }

        void releaseFlush() {
            flushGate.countDown();
        }

        void failNextFlush() {
            failNext = true;
        }

        @Override
        public void force(Path fileOrDirectory) throws IOException {
            String parent = fileOrDirectory.getParent().getFileName().toString();
            if (parent.equals("tmp") && Files.isRegularFile(fileOrDirectory)) {
                messageForces.incrementAndGet();
            } else if (fileOrDirectory.getFileName().toString().equals("new")) {
                newDirectoryForces.incrementAndGet();
                if (flushHeld.getCount() > 0) {
                    flushHeld.countDown();
                    try {
                        flushGate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else if (failNext) {
                    failNext = false;
                    throw new IOException(fileOrDirectory + ": Input/output error");
                }
            }
            MaildirFiles.super.force(fileOrDirectory);
        }
    }
}
