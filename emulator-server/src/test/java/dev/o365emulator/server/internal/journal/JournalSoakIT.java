package dev.o365emulator.server.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The journal keeps a flat heap under a long run of traffic: tens of thousands of small plain-text
 * sessions (SMTP, POP3 and hostile pre-auth IMAP with 2,000-character tags) and a CI-style poller
 * that fetches the envelopes of a 2,000-message inbox over IMAPS, through an emulator whose journal
 * budget is 2 MiB. Without the budget the same traffic leaves tens of thousands of sessions' transcripts
 * on the heap.
 *
 * <p>Bounded: the flood runs for {@link #FLOOD} (20 seconds unless {@code o365emulator.soak.seconds} says
 * otherwise), then stops; loopback only. Netty's leak detector is
 * off while it runs: at the paranoid level the build uses, tracking every buffer would take most of
 * the time, and this test is about the heap, not buffer leaks (every other test checks those).
 */
class JournalSoakIT {

    private static final long BUDGET = 2L * 1024 * 1024;
    /** 20 s in the build; {@code -Do365emulator.soak.seconds=600} for the long run docs/benchmarks.md records. */
    private static final Duration FLOOD = Duration.ofSeconds(Long.getLong("o365emulator.soak.seconds", 20));
    private static final int INBOX = 2_000;
    private static final int FLOODERS = 3;
    /**
     * How far over its budget a poll may see the journal while sessions run: a line is counted before the
     * trim it sets off, so a reader can see the lines being recorded at that instant on top of the
     * budget, one per recording thread, each at most 2,048 characters and its bookkeeping. Once the
     * sessions have ended the journal is within the budget itself (asserted below).
     */
    private static final long IN_FLIGHT_LINES = 64L * 1024;
    /** Heap allowed above the baseline once the flood is over: the budget and room for the JVM's own noise. */
    private static final long HEAP_TOLERANCE = BUDGET + 24L * 1024 * 1024;

    @Test
    void holdsTheJournalWithinItsBudgetAndTheHeapAtItsBaselineUnderAFloodOfSessionsAndAPoller() throws Exception {
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try (Emulator emulator = Emulator.builder().journalBudget(BUDGET).identity(false).start()) {
            fillInbox(emulator);
            SessionJournal journal = Internals.of(emulator).journal();
            WeakReference<SessionRecord> firstSession = firstSession(emulator);
            long baseline = usedHeapAfterGc();

            long deadline = System.nanoTime() + FLOOD.toNanos();
            AtomicLong sessions = new AtomicLong();
            AtomicLong polls = new AtomicLong();
            AtomicLong overBudget = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(FLOODERS + 1);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < FLOODERS; i++) {
                    int flooder = i;
                    running.add(pool.submit(() -> {
                        while (System.nanoTime() - deadline < 0) {
                            smallSession(emulator, flooder, sessions.get());
                            sessions.incrementAndGet();
                        }
                        return null;
                    }));
                }
                running.add(pool.submit(() -> {
                    while (System.nanoTime() - deadline < 0) {
                        poll(emulator);
                        polls.incrementAndGet();
                        if (journal.retainedBytes() > journal.budgetBytes() + IN_FLIGHT_LINES) {
                            overBudget.incrementAndGet();
                        }
                    }
                    return null;
                }));
                for (Future<?> future : running) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long total = sessions.get() + polls.get() + 1;
            System.out.printf("journal soak: %d small sessions and %d polls of %d envelopes in %d s;"
                            + " journal holds %d sessions, %d bytes%n",
                    sessions.get(), polls.get(), INBOX, FLOOD.toSeconds(), journal.sessions().size(),
                    journal.retainedBytes());

            // Far more than the budget holds.
            assertThat(sessions.get()).as("small sessions").isGreaterThan(1_000);
            assertThat(polls.get()).as("polls").isGreaterThanOrEqualTo(10);
            Await.until("every session closed", Duration.ofSeconds(10),
                    () -> journal.sessions(s -> s.end().isEmpty()).isEmpty());
            assertThat(overBudget.get()).as("polls that saw the journal over its budget and the lines in flight")
                    .isZero();
            assertThat(journal.retainedBytes()).isLessThanOrEqualTo(BUDGET)
                    .isEqualTo(journal.sessions().stream().mapToLong(SessionRecord::retainedBytes).sum());
            assertThat((long) journal.sessions().size()).isLessThan(total);
            assertThat(journal.sessions().get(journal.sessions().size() - 1).index()).isEqualTo(total);

            Await.until("the first session's record collected", Duration.ofSeconds(20), () -> {
                System.gc();
                return firstSession.get() == null;
            });
            long after = usedHeapAfterGc();
            System.out.printf("journal soak: used heap %d MB before, %d MB after%n", baseline >> 20, after >> 20);
            assertThat(after).as("used heap after the flood (baseline %d MB)", baseline >> 20)
                    .isLessThan(baseline + HEAP_TOLERANCE);
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }

    private static void fillInbox(Emulator emulator) {
        MailFolder inbox = Internals.of(emulator).store().open("adele@contoso.com").inbox();
        for (int i = 1; i <= INBOX; i++) {
            String raw = "From: Megan Bowen <megan@contoso.com>\r\nTo: Adele Vance <adele@contoso.com>\r\n"
                    + "Subject: Build report " + i + " for the nightly pipeline\r\n"
                    + "Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <" + i + ".soak@contoso.com>\r\n\r\n"
                    + "Build " + i + " passed.\r\n";
            inbox.append(Internals.of(emulator).store().newMessage(raw.getBytes(StandardCharsets.US_ASCII)), Flags.NONE);
        }
    }

    /** One session, kept only through a weak reference so the test can see it collected once forgotten. */
    private static WeakReference<SessionRecord> firstSession(Emulator emulator) throws Exception {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            client.readSmtpReply();
            client.send("QUIT");
            client.readSmtpReply();
        }
        Await.until("the first session closed", Duration.ofSeconds(5),
                () -> Internals.of(emulator).journal().sessions(s -> s.end().isPresent()).size() == 1);
        return new WeakReference<>(Internals.of(emulator).journal().sessions().get(0));
    }

    /** A short session of one of three kinds, the IMAP one hostile (a long tag, never logging in). */
    private static void smallSession(Emulator emulator, int flooder, long n) throws Exception {
        switch ((int) ((n + flooder) % 3)) {
            case 0 -> {
                try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                    client.readSmtpReply();
                    client.send("EHLO soak.example");
                    client.readSmtpReply();
                    client.send("QUIT");
                    client.readSmtpReply();
                }
            }
            case 1 -> {
                try (LineClient client = LineClient.connect(emulator.address(Endpoint.POP3))) {
                    client.readLine();
                    client.send("CAPA");
                    client.readUntil(".");
                    client.send("QUIT");
                    client.readLine();
                }
            }
            default -> {
                try (LineClient client = LineClient.connect(emulator.address(Endpoint.IMAP))) {
                    client.readLine();
                    String tag = "t" + "x".repeat(2_000);
                    client.send(tag + " NOOP");
                    // A tag that long is not echoed: the command is answered untagged.
                    client.readUntil("* BAD");
                    client.send("z LOGOUT");
                    client.readUntil("z ");
                }
            }
        }
    }

    /** LOGIN, SELECT, FETCH 1:* (UID FLAGS ENVELOPE), LOGOUT: what a CI job polling an inbox does. */
    private static void poll(Emulator emulator) throws Exception {
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            client.readLine();
            client.send("a LOGIN adele@contoso.com Passw0rd!adele");
            assertThat(client.readUntil("a ")).last().asString().startsWith("a OK");
            client.send("b SELECT INBOX");
            client.readUntil("b ");
            client.send("c FETCH 1:* (UID FLAGS ENVELOPE)");
            List<String> fetched = client.readUntil("c ");
            assertThat(fetched).hasSize(INBOX + 1);
            client.send("d LOGOUT");
            client.readUntil("d ");
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // A few rounds: one System.gc() may leave finalizable or softly reachable objects behind.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
