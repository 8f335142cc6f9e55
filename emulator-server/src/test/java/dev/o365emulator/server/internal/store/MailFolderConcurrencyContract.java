package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.store.MailFolder.FlagOperation;
import dev.o365emulator.server.internal.tenant.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

abstract class MailFolderConcurrencyContract extends StoreContract {
    private static final int THREADS = 8;
    private static final int OPERATIONS = 500;
    private static final int PRELOADED = 50;

    private final MailStore store = newStore(MutableClock.at("2026-03-01T10:00:00Z"));
    private final MailFolder inbox = store.open("adele@contoso.com").inbox();

    private StoredMessage msg(String id) {
        return store.newMessage(("Subject: " + id + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @Timeout(60)
    void concurrentDeliveriesAndFlagChangesLoseNothing() throws Exception {
        for (int i = 0; i < PRELOADED; i++) {
            inbox.append(msg("pre" + i), Flags.NONE);
        }
        List<Long> addedUids = new CopyOnWriteArrayList<>();
        AtomicInteger flagEvents = new AtomicInteger();
        inbox.subscribe(new FolderListener() {
            @Override
            public void messageAdded(MailFolder folder, MessageHandle message) {
                addedUids.add(message.uid());
            }

            @Override
            public void flagsChanged(MailFolder folder, long uid, Flags flags) {
                flagEvents.incrementAndGet();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                String keyword = "$T" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < OPERATIONS; i++) {
                        if (i % 2 == 0) {
                            inbox.append(msg(keyword + "-" + i), Flags.NONE);
                        } else {
                            inbox.storeFlags(List.of((long) (i % PRELOADED) + 1), FlagOperation.ADD, Flags.of(keyword));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        FolderSnapshot s = inbox.snapshot();
        int appended = THREADS * OPERATIONS / 2;
        assertThat(s.exists()).isEqualTo(PRELOADED + appended);
        for (int i = 0; i < s.exists(); i++) {
            assertThat(s.messages().get(i).uid()).isEqualTo(i + 1);
        }
        for (long uid = 2; uid <= PRELOADED; uid += 2) {
            assertThat(s.byUid(uid).orElseThrow().flags().keywords()).as("uid " + uid).hasSize(THREADS);
        }
        assertThat(addedUids).hasSize(appended).isSorted().doesNotHaveDuplicates();
        assertThat(flagEvents.get()).isEqualTo(THREADS * PRELOADED / 2);
    }

    @Test
    void twoSessionsSeeEachOthersFlagChanges() {
        long uid = inbox.append(msg("shared"), Flags.NONE).uid();
        List<String> seenByA = new ArrayList<>();
        List<String> seenByB = new ArrayList<>();
        inbox.subscribe(new FolderListener() {
            @Override
            public void flagsChanged(MailFolder folder, long u, Flags flags) {
                seenByA.add(u + " " + flags);
            }
        });
        inbox.subscribe(new FolderListener() {
            @Override
            public void flagsChanged(MailFolder folder, long u, Flags flags) {
                seenByB.add(u + " " + flags);
            }
        });
        inbox.storeFlags(List.of(uid), FlagOperation.ADD, Flags.of("\\Seen"));
        inbox.storeFlags(List.of(uid), FlagOperation.ADD, Flags.of("\\Answered"));
        assertThat(seenByA).containsExactly(uid + " \\Seen", uid + " \\Seen \\Answered");
        assertThat(seenByB).isEqualTo(seenByA);
    }

    @Test
    @Timeout(60)
    void movesInBothDirectionsAtOnceNeitherDeadlockNorLoseMessages() throws Exception {
        MailFolder archive = store.open("adele@contoso.com").folder(SpecialUse.ARCHIVE);
        for (int i = 0; i < 100; i++) {
            inbox.append(msg("in" + i), Flags.NONE);
            archive.append(msg("ar" + i), Flags.NONE);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> forth = pool.submit(() -> shuttle(inbox, archive));
            Future<?> back = pool.submit(() -> shuttle(archive, inbox));
            forth.get(60, TimeUnit.SECONDS);
            back.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(inbox.exists() + archive.exists()).isEqualTo(200);
    }

    private static void shuttle(MailFolder from, MailFolder to) {
        for (int i = 0; i < 300; i++) {
            FolderSnapshot s = from.snapshot();
            if (s.exists() > 0) {
                from.moveTo(List.of(s.messages().get(0).uid()), to);
            }
        }
    }
}
