package dev.o365emulator.server.internal.store.maildir;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Not a test: how long an emulator takes to start on a Maildir store that holds {@code messages}
 * messages (default 100 000) in one Inbox, and how long the first open of that mailbox takes, which is
 * when the store reads it. Usage: {@code java … MaildirStartMeasurement [messages] [directory]}; the store
 * is filled once (without fsync) and reused when the directory already holds it.
 */
public final class MaildirStartMeasurement {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private MaildirStartMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path root = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("maildir-start");
        if (!Files.exists(root.resolve("adele@contoso.com"))) {
            MailStore fill = new MailStore(Clock.systemUTC(), a -> Long.MAX_VALUE, MemoryBudget.unlimited(),
                    MaildirStorage.open(root, MaildirOptions.defaults().withFsync(false)));
            MailFolder inbox = fill.open("adele@contoso.com").inbox();
            long t = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                inbox.append(fill.newMessage(("From: alex@contoso.com\r\nSubject: message " + i + "\r\n\r\n"
                        + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.US_ASCII)), i % 3 == 0 ? Flags.SEEN : Flags.NONE);
            }
            fill.close();
            System.out.printf(Locale.ROOT, "filled %,d messages in %.1f s%n", messages, (System.nanoTime() - t) / 1e9);
        }
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            try (Emulator emulator = Emulator.builder().endpoints(Endpoint.IMAPS).maildir(root).start()) {
                long t1 = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                int exists = Internals.of(emulator).store().open("adele@contoso.com").inbox().exists();
                long t2 = System.nanoTime();
                cpu = THREADS.getCurrentThreadCpuTime() - cpu;
                Internals.of(emulator).store().open("adele@contoso.com").inbox().snapshot();
                long t3 = System.nanoTime();
                Runtime rt = Runtime.getRuntime();
                System.gc();
                System.out.printf(Locale.ROOT, "round %d: start %.0f ms, first open of the mailbox (%,d messages) %.0f ms"
                        + " (%.0f ms of CPU), snapshot %.1f ms, heap used %.0f MB%n", round, (t1 - t0) / 1e6, exists,
                        (t2 - t1) / 1e6, cpu / 1e6,
                        (t3 - t2) / 1e6, (rt.totalMemory() - rt.freeMemory()) / 1e6);
            }
        }
    }
}
