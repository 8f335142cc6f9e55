package dev.o365emulator.server.internal.store;

import dev.o365emulator.codec.imap.FetchAttribute;
import dev.o365emulator.server.internal.imap.FetchRenderer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the heap the store needs for 100 000 messages of 4 KiB (run by hand with {@code -Xmx1g}, see
 * docs/benchmarks.md); not a test, so the build does not pay for it.
 */
public final class StoreMemoryMeasurement {
    private static final int MESSAGES = 100_000;
    private static final int SIZE = 4096;
    private static final int MAILBOXES = 100;

    private StoreMemoryMeasurement() {
    }

    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        MailStore store = new MailStore(Clock.systemUTC());
        long start = System.nanoTime();
        for (int i = 0; i < MESSAGES; i++) {
            MailboxStore mailbox = store.open("user" + (i % MAILBOXES) + "@contoso.com");
            mailbox.inbox().append(store.newMessage(message(i)), Flags.NONE);
        }
        long fillMillis = (System.nanoTime() - start) / 1_000_000;
        long filled = usedAfterGc(memory);
        start = System.nanoTime();
        long parts = 0;
        for (String address : store.addresses()) {
            for (MessageHandle h : store.mailbox(address).orElseThrow().inbox().snapshot().messages()) {
                parts += h.message().structure().root().children().size();
            }
        }
        long parseMillis = (System.nanoTime() - start) / 1_000_000;
        long parsed = usedAfterGc(memory);
        // What FETCH ENVELOPE on every message adds: the envelope's IMAP text, kept with the structure.
        List<FetchAttribute> envelope = List.of(FetchAttribute.Simple.ENVELOPE);
        for (String address : store.addresses()) {
            for (MessageHandle h : store.mailbox(address).orElseThrow().inbox().snapshot().messages()) {
                FetchRenderer.render(h.sequence(), h, envelope, false).release();
            }
        }
        long rendered = usedAfterGc(memory);
        long raw = (long) MESSAGES * SIZE;
        System.out.printf("max heap                        %,d bytes%n", Runtime.getRuntime().maxMemory());
        System.out.printf("messages                        %,d x %,d bytes = %,d bytes raw%n", MESSAGES, SIZE, raw);
        System.out.printf("heap used, empty store          %,d bytes%n", before);
        System.out.printf("heap used, filled               %,d bytes (store: %,d; %.1f bytes overhead/message) in %d ms%n",
                filled, filled - before, (double) (filled - before - raw) / MESSAGES, fillMillis);
        System.out.printf("heap used, all structures cached %,d bytes (store: %,d; %.1f bytes/message for structure)"
                + " in %d ms, %d parts%n", parsed, parsed - before, (double) (parsed - filled) / MESSAGES, parseMillis,
                parts);
        System.out.printf("heap used, all envelopes rendered %,d bytes (store: %,d; %.1f bytes/message for the envelope's"
                + " text)%n", rendered, rendered - before, (double) (rendered - parsed) / MESSAGES);
        // Keep the store reachable until after the last measurement.
        System.out.println("mailboxes                       " + store.addresses().size());
    }

    private static byte[] message(int i) {
        String header = "From: sender" + i + "@fabrikam.com\r\nTo: user" + (i % MAILBOXES) + "@contoso.com\r\n"
                + "Subject: Message " + i + "\r\nDate: Sun, 01 Mar 2026 10:00:00 +0000\r\nMessage-ID: <" + i
                + "@fabrikam.com>\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\n";
        String tail = "\r\n--b--\r\n";
        byte[] out = new byte[SIZE];
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, out, 0, h.length);
        Arrays.fill(out, h.length, SIZE - t.length, (byte) 'a');
        for (int p = h.length + 76; p < SIZE - t.length - 1; p += 78) {
            out[p] = '\r';
            out[p + 1] = '\n';
        }
        System.arraycopy(t, 0, out, SIZE - t.length, t.length);
        return out;
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
