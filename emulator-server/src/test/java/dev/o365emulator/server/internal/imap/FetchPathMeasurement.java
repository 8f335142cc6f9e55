package dev.o365emulator.server.internal.imap;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.internal.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The server's CPU per FETCH response without sockets or TLS (docs/benchmarks.md). Not a test.
 *
 * <p>{@code FetchPathMeasurement <messages> <rounds>}: one IMAP session on an {@code EmbeddedChannel}, the
 * whole pipeline from the request decoder through the session, the renderer, the transcript and the
 * response encoder, on a mailbox of ~4 KB messages like the load generator's; each round sends
 * {@code FETCH 1:* (FLAGS ENVELOPE RFC822.SIZE)} and {@code FETCH 1:* BODY.PEEK[]} and reads (and
 * releases) what they write, and prints this thread's CPU time and heap allocation per response. On a
 * shared machine the CPU time still moves with the other processes (compare builds interleaved); the
 * allocation does not.
 */
public final class FetchPathMeasurement {

    private FetchPathMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Clock clock = Clock.systemUTC();
        Tenant tenant = Tenant.withDefaults(clock);
        MailStore store = new MailStore(clock);
        SessionJournal journal = new SessionJournal(clock);
        EndpointContext context = new EndpointContext(Endpoint.IMAPS, HostIdentity.of(HostIdentity.DEFAULT_SEED,
                Instant.EPOCH), clock, journal, ServerTls.forBundle(CertificateBundle.shared()), tenant, store,
                new MailDelivery(tenant, store), new ConfiguredTokens());
        MailFolder inbox = store.open("adele@contoso.com").inbox();
        for (int i = 1; i <= messages; i++) {
            inbox.append(store.newMessage(message(i)), Flags.NONE);
        }
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        // Everything written is read after the command: the FETCH never waits for the channel to drain.
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(Integer.MAX_VALUE - 1, Integer.MAX_VALUE));
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 993);
        channel.attr(ConnectionRecorder.RECORD).set(journal.open(Endpoint.IMAPS, loopback, loopback));
        ImapSession.initialize(channel, context);
        channel.register();
        drain(channel);
        send(channel, "a1 LOGIN adele@contoso.com Passw0rd!adele\r\n");
        send(channel, "a2 SELECT INBOX\r\n");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        double[] envelopes = new double[rounds];
        double[] bodies = new double[rounds];
        for (int round = 1; round <= rounds; round++) {
            long a0 = threads.getThreadAllocatedBytes(self);
            long t0 = threads.getCurrentThreadCpuTime();
            long envelopeBytes = send(channel, "e" + round + " FETCH 1:* (FLAGS ENVELOPE RFC822.SIZE)\r\n");
            long t1 = threads.getCurrentThreadCpuTime();
            long a1 = threads.getThreadAllocatedBytes(self);
            long bodyBytes = send(channel, "b" + round + " FETCH 1:* BODY.PEEK[]\r\n");
            long t2 = threads.getCurrentThreadCpuTime();
            long a2 = threads.getThreadAllocatedBytes(self);
            envelopes[round - 1] = (t1 - t0) / 1e3 / messages;
            bodies[round - 1] = (t2 - t1) / 1e3 / messages;
            System.out.printf(Locale.ROOT, "round %2d: envelopes %.2f us/msg (%,d bytes written, %,d allocated/msg),"
                    + " bodies %.2f us/msg (%,d bytes written, %,d allocated/msg)%n", round, envelopes[round - 1],
                    envelopeBytes, (a1 - a0) / messages, bodies[round - 1], bodyBytes, (a2 - a1) / messages);
        }
        // The second half of the rounds, after the JIT has compiled the path.
        System.out.printf(Locale.ROOT, "median of rounds %d-%d: envelopes %.2f us/msg, bodies %.2f us/msg%n",
                rounds / 2 + 1, rounds, median(envelopes, rounds / 2), median(bodies, rounds / 2));
        channel.finishAndReleaseAll();
    }

    private static double median(double[] values, int from) {
        double[] tail = java.util.Arrays.copyOfRange(values, from, values.length);
        java.util.Arrays.sort(tail);
        return tail[tail.length / 2];
    }

    /** A message like the load generator's: a few headers and ~4 KB of text. */
    private static byte[] message(int i) {
        StringBuilder text = new StringBuilder()
                .append("From: Perf Sender <perf-sender@example.com>\r\nTo: Perf <perf@contoso.com>\r\n")
                .append("Subject: perf message ").append(i).append("\r\n")
                .append("Date: Mon, 5 Jan 2026 10:00:00 +0000\r\nMessage-ID: <perf").append(i).append("@example.com>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        while (text.length() < 4000) {
            text.append("The quick brown fox jumps over the lazy dog; the status is green this week.\r\n");
        }
        return text.toString().getBytes(UTF_8);
    }

    /** Sends a command and reads what the session wrote; the number of bytes. */
    private static long send(EmbeddedChannel channel, String command) {
        channel.writeInbound(channel.alloc().buffer().writeBytes(command.getBytes(UTF_8)));
        return drain(channel);
    }

    private static long drain(EmbeddedChannel channel) {
        long bytes = 0;
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            bytes += buf.readableBytes();
            buf.release();
        }
        return bytes;
    }
}
