package dev.o365emulator.server.internal.pop3;

import static java.nio.charset.StandardCharsets.US_ASCII;

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
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.SSLEngine;

/**
 * The server's CPU and heap allocation per RETR without sockets (docs/benchmarks.md). Not a test.
 *
 * <p>{@code RetrPathMeasurement <messages> <rounds> [tls]}: one POP3 session on an {@code EmbeddedChannel},
 * the whole pipeline from the request decoder through the session, the transcript and the response
 * encoder (with {@code tls}, behind the emulator's own TLS handler, talking to a JDK client engine on a
 * second {@code EmbeddedChannel}), over an Inbox of ~4 KB messages in which one body line in ten starts
 * with a dot. Each round sends {@code RETR 1} … {@code RETR n} one at a time, as the load generator does;
 * only the server channel's work is timed (this thread's CPU time and allocation while the server handles
 * a command), and each round prints its figures per RETR.
 */
public final class RetrPathMeasurement {

    private RetrPathMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        boolean tls = args.length > 2 && args[2].equals("tls");
        Clock clock = Clock.systemUTC();
        Tenant tenant = Tenant.withDefaults(clock);
        MailStore store = new MailStore(clock);
        SessionJournal journal = new SessionJournal(clock);
        ServerTls serverTls = ServerTls.forBundle(CertificateBundle.shared());
        EndpointContext context = new EndpointContext(Endpoint.POP3S, HostIdentity.of(HostIdentity.DEFAULT_SEED,
                Instant.EPOCH), clock, journal, serverTls, tenant, store, new MailDelivery(tenant, store),
                new ConfiguredTokens());
        MailFolder inbox = store.open("adele@contoso.com").inbox();
        for (int i = 1; i <= messages; i++) {
            inbox.append(store.newMessage(message(i)), Flags.NONE);
        }
        EmbeddedChannel server = new EmbeddedChannel(false, false);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 995);
        server.attr(ConnectionRecorder.RECORD).set(journal.open(Endpoint.POP3S, loopback, loopback));
        if (tls) {
            server.pipeline().addLast(serverTls.newImplicitHandler(server.alloc()));
        }
        Pop3Session.initializer().initialize(server, context);
        Client client = new Client(server, tls);
        server.register();
        client.pump();
        client.command("USER adele@contoso.com");
        client.command("PASS Passw0rd!adele");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] micros = new double[rounds];
        System.out.printf(Locale.ROOT, "%d messages, %s, TLS %s%n", messages, Pop3Session.class.getName(),
                tls ? serverTls.provider().id() : "off");
        for (int round = 1; round <= rounds; round++) {
            client.serverCpu = 0;
            client.serverAllocated = 0;
            long bytes = 0;
            for (int n = 1; n <= messages; n++) {
                bytes += client.command("RETR " + n);
            }
            micros[round - 1] = client.serverCpu / 1e3 / messages;
            System.out.printf(Locale.ROOT, "round %2d: %.2f us/RETR, %,d bytes allocated/RETR, %,d bytes read%n",
                    round, micros[round - 1], client.serverAllocated / messages, bytes);
        }
        double[] tail = Arrays.copyOfRange(micros, rounds / 2, rounds);
        Arrays.sort(tail);
        System.out.printf(Locale.ROOT, "rounds %d-%d: min %.2f, median %.2f us/RETR%n", rounds / 2 + 1, rounds,
                tail[0], tail[tail.length / 2]);
        client.channel.finishAndReleaseAll();
        server.finishAndReleaseAll();
        System.exit(0);
    }

    /** A message like the load generator's, ~4 KB, with one body line in ten starting with a dot. */
    static byte[] message(int i) {
        StringBuilder text = new StringBuilder()
                .append("From: Perf Sender <perf-sender@example.com>\r\nTo: Perf <perf@contoso.com>\r\n")
                .append("Subject: perf message ").append(i).append("\r\n")
                .append("Date: Mon, 5 Jan 2026 10:00:00 +0000\r\nMessage-ID: <perf").append(i).append("@example.com>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        for (int line = 0; text.length() < 4000; line++) {
            text.append(line % 10 == 9 ? "." : "").append("The quick brown fox jumps over the lazy dog; all is well.\r\n");
        }
        return text.toString().getBytes(US_ASCII);
    }

    /** The client end: plain bytes, or a JDK TLS engine on its own channel; counts the server's work. */
    private static final class Client extends ChannelInboundHandlerAdapter {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final long self = Thread.currentThread().getId();
        private final EmbeddedChannel server;
        private final EmbeddedChannel channel = new EmbeddedChannel(false, false);
        private final boolean tls;
        long serverCpu;
        long serverAllocated;
        private long received;

        Client(EmbeddedChannel server, boolean tls) throws Exception {
            this.server = server;
            this.tls = tls;
            if (tls) {
                SSLEngine engine = CertificateBundle.shared().clientSslContext().createSSLEngine("outlook.office365.com", 995);
                engine.setUseClientMode(true);
                channel.pipeline().addLast(new SslHandler(engine));
            }
            channel.pipeline().addLast(this);
            channel.register();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received += buf.readableBytes();
            buf.release();
        }

        /** Sends a command line and moves bytes both ways until neither side has more; the bytes the client read. */
        long command(String line) {
            long before = received;
            ByteBuf bytes = channel.alloc().buffer().writeBytes((line + "\r\n").getBytes(US_ASCII));
            if (tls) {
                channel.writeAndFlush(bytes);
            } else {
                toServer(bytes);
            }
            pump();
            return received - before;
        }

        void pump() {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
                    toServer((ByteBuf) out);
                    moved = true;
                }
                for (Object out = server.readOutbound(); out != null; out = server.readOutbound()) {
                    if (tls) {
                        channel.writeInbound(out);
                    } else {
                        channelRead(null, out);
                    }
                    moved = true;
                }
            }
        }

        private void toServer(ByteBuf bytes) {
            long a0 = threads.getThreadAllocatedBytes(self);
            long t0 = threads.getCurrentThreadCpuTime();
            server.writeInbound(bytes);
            serverCpu += threads.getCurrentThreadCpuTime() - t0;
            serverAllocated += threads.getThreadAllocatedBytes(self) - a0;
        }
    }
}
