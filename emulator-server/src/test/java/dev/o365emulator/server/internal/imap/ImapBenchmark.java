package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.BenchmarkStore;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.Mailbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/**
 * IMAP throughput and IDLE footprint over loopback (docs/benchmarks.md). Not a test.
 *
 * <p>{@code ImapBenchmark fetch <messages> <rounds>}: a mailbox of N ~4 KB messages, then
 * {@code FETCH 1:* (FLAGS ENVELOPE RFC822.SIZE)} and {@code FETCH 1:* BODY.PEEK[]} over IMAPS from a
 * socket client in the same JVM. {@code ImapBenchmark idle <connections>}: that many IMAPS connections
 * held in IDLE by a Python asyncio client in another process, then the server JVM's heap and resident
 * memory, and the time until every connection hears of one delivery.
 */
public final class ImapBenchmark {

    private ImapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fetch" -> fetch(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "idle" -> idle(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("fetch <messages> <rounds> | idle <connections>");
        }
    }

    private static byte[] message(int i) {
        StringBuilder text = new StringBuilder()
                .append("Return-Path: <alex@contoso.com>\r\n")
                .append("From: Alex Wilber <alex@contoso.com>\r\nTo: Adele Vance <adele@contoso.com>\r\n")
                .append("Cc: Megan Bowen <megan@contoso.com>\r\n")
                .append("Subject: Status report ").append(i).append("\r\n")
                .append("Date: Mon, 5 Jan 2026 10:00:00 +0000\r\nMessage-ID: <m").append(i).append("@contoso.com>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        while (text.length() < 4000) {
            text.append("The quick brown fox jumps over the lazy dog; the status is green this week.\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void fetch(int messages, int rounds) throws Exception {
        try (Emulator emulator = BenchmarkStore.apply(Emulator.builder()).endpoints(Endpoint.IMAPS).start()) {
            MailFolder inbox = Internals.of(emulator).store().open(DefaultTenant.ADELE).inbox();
            long raw = 0;
            for (int i = 0; i < messages; i++) {
                byte[] bytes = message(i);
                raw += bytes.length;
                inbox.append(new StoredMessage(bytes, Instant.now()), Flags.NONE);
            }
            System.out.printf(Locale.ROOT, "mailbox %,d messages, %,d bytes%n", messages, raw);
            for (int round = 1; round <= rounds; round++) {
                try (SSLSocket socket = (SSLSocket) Internals.of(emulator).certificates().clientSslContext().getSocketFactory()
                        .createSocket("127.0.0.1", emulator.port(Endpoint.IMAPS))) {
                    InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    OutputStream out = socket.getOutputStream();
                    command(in, out, null, null);
                    command(in, out, "a1", "LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
                    command(in, out, "a2", "SELECT INBOX");
                    for (String items : List.of("(FLAGS ENVELOPE RFC822.SIZE)", "BODY.PEEK[]")) {
                        long t0 = System.nanoTime();
                        long wire = command(in, out, "f" + round, "FETCH 1:* " + items);
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        System.out.printf(Locale.ROOT, "round %d FETCH 1:* %-28s %6.3f s %9.0f messages/s %7.1f MB/s on the wire%n",
                                round, items, seconds, messages / seconds, wire / seconds / 1e6);
                    }
                    command(in, out, "z", "LOGOUT");
                }
            }
        }
    }

    /** Sends a command (or reads the greeting when {@code tag} is null) and reads up to its tagged line; returns bytes read. */
    private static long command(InputStream in, OutputStream out, String tag, String command) throws IOException {
        byte[] end = tag == null ? "\r\n".getBytes(StandardCharsets.US_ASCII)
                : ("\r\n" + tag + " ").getBytes(StandardCharsets.US_ASCII);
        if (tag != null) {
            out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        long count = 0;
        int matched = tag == null ? 0 : 2; // the tag may start the very first line
        boolean found = false;
        int b;
        while ((b = in.read()) >= 0) {
            count++;
            if (found) {
                if (b == '\n') {
                    return count;
                }
                continue;
            }
            if (b == end[matched]) {
                matched++;
                if (matched == end.length) {
                    if (tag == null) {
                        return count;
                    }
                    found = true;
                }
            } else {
                matched = b == end[0] ? 1 : 0;
            }
        }
        throw new IOException("connection closed");
    }

    private static void idle(int connections) throws Exception {
        int perMailbox = 500;
        int mailboxes = (connections + perMailbox - 1) / perMailbox;
        String password = "Passw0rd!bench";
        try (Emulator emulator = Emulator.builder().endpoints(Endpoint.IMAPS).start()) {
            emulator.tenant().update(s -> {
                s.limits(new Limits(Limits.DEFAULT_MAX_RECIPIENTS_PER_MESSAGE, Limits.DEFAULT_MESSAGES_PER_MINUTE,
                        Limits.DEFAULT_RECIPIENTS_PER_DAY, Limits.DEFAULT_CONCURRENT_SUBMISSIONS, perMailbox));
                for (int i = 0; i < mailboxes; i++) {
                    s.mailbox(Mailbox.builder("bench" + i + "@contoso.com").password(password).build());
                }
                return s;
            });
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            long rssBefore = rss();
            Path script = Files.createTempFile("idle_clients", ".py");
            try (InputStream in = ImapBenchmark.class.getResourceAsStream("/imap/idle_clients.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process clients = new ProcessBuilder("python3", script.toString(), "127.0.0.1",
                    String.valueOf(emulator.port(Endpoint.IMAPS)), Internals.of(emulator).certificates().caPem().toString(),
                    String.valueOf(connections), String.valueOf(mailboxes), password)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
            String ready = lines.readLine();
            System.out.println("clients: " + ready);
            if (ready == null || !ready.startsWith("ready")) {
                clients.destroyForcibly();
                return;
            }
            System.gc();
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            long rssAfter = rss();
            System.out.printf(Locale.ROOT, "connections in IDLE      %,d (%d mailboxes)%n", connections, mailboxes);
            System.out.printf(Locale.ROOT, "server threads           %d%n", ManagementFactory.getThreadMXBean().getThreadCount());
            System.out.printf(Locale.ROOT, "heap used after GC       %,d -> %,d bytes (%.1f KB per connection)%n",
                    heapBefore, heapAfter, (heapAfter - heapBefore) / 1024.0 / connections);
            System.out.printf(Locale.ROOT, "resident set (VmRSS)     %,d -> %,d KB (%.1f KB per connection)%n",
                    rssBefore, rssAfter, (rssAfter - rssBefore) / (double) connections);
            clients.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            clients.getOutputStream().flush();
            for (int i = 0; i < mailboxes; i++) {
                Internals.of(emulator).delivery().deliver("bench" + i + "@contoso.com", message(i));
            }
            System.out.println("clients: " + lines.readLine());
            clients.waitFor();
            Files.deleteIfExists(script);
        }
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
