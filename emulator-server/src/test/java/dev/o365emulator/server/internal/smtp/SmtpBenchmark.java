package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.testing.BenchmarkStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A load generator for the submission endpoint over loopback (not a test): an in-process emulator and
 * a minimal JDK client that talks like Angus Mail's {@code SMTPTransport} (one command, one reply;
 * no pipelining).
 *
 * <ul>
 *   <li>{@code reused}: 16 connections, each STARTTLS + AUTH LOGIN once, then 500 messages of 1 KiB;
 *       latency is MAIL FROM to the final {@code 250}.</li>
 *   <li>{@code per-message}: what {@code Transport.send} does for every message: connect, banner,
 *       EHLO, STARTTLS, EHLO, AUTH, one message, QUIT; latency is connect to the {@code 221}. Run with
 *       one client thread and with 16.</li>
 * </ul>
 * The tenant's rate limits are raised (Office 365's 30/min would otherwise hold the 250s back by
 * design). Every phase is bounded by a message count and a 60 s deadline. Usage and figures:
 * {@code docs/benchmarks.md}.
 */
public final class SmtpBenchmark {

    private static final int CONNECTIONS = 16;
    private static final int MESSAGES_PER_CONNECTION = 500;
    private static final int PER_MESSAGE_TOTAL = 800;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final byte[] MESSAGE = message();

    private SmtpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Limits unthrottled = new Limits(500, 10_000, 1_000_000, 100, 20);
        try (Emulator emulator = BenchmarkStore.apply(Emulator.builder()).endpoints(Endpoint.SUBMISSION)
                .tenant(DefaultTenant.settings().toBuilder().limits(unthrottled).build()).start()) {
            InetSocketAddress address = emulator.address(Endpoint.SUBMISSION);
            SSLContext trust = Internals.of(emulator).certificates().clientSslContext();
            // Warm-up: JIT, TLS session machinery; then forget the rate counters.
            reused(address, trust, 4, 100, false);
            perMessage(address, trust, 4, 100, false);
            emulator.tenant().reset();
            Internals.of(emulator).store().clear();
            reused(address, trust, CONNECTIONS, MESSAGES_PER_CONNECTION, true);
            emulator.tenant().reset();
            Internals.of(emulator).store().clear();
            perMessage(address, trust, 1, PER_MESSAGE_TOTAL / 4, true);
            emulator.tenant().reset();
            Internals.of(emulator).store().clear();
            perMessage(address, trust, CONNECTIONS, PER_MESSAGE_TOTAL / CONNECTIONS, true);
        }
    }

    private static void reused(InetSocketAddress address, SSLContext trust, int connections, int messages,
            boolean report) throws Exception {
        run("reused connections=" + connections + " messages/connection=" + messages, connections, report, deadline -> {
            long[] latencies = new long[messages];
            int done = 0;
            try (Client client = Client.open(address, trust)) {
                while (done < messages && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    client.send(MESSAGE);
                    latencies[done++] = System.nanoTime() - t0;
                }
                client.quit();
            }
            return Arrays.copyOf(latencies, done);
        });
    }

    private static void perMessage(InetSocketAddress address, SSLContext trust, int threads, int messagesPerThread,
            boolean report) throws Exception {
        run("connection-per-message threads=" + threads + " messages/thread=" + messagesPerThread, threads, report,
                deadline -> {
                    long[] latencies = new long[messagesPerThread];
                    int done = 0;
                    while (done < messagesPerThread && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try (Client client = Client.open(address, trust)) {
                            client.send(MESSAGE);
                            client.quit();
                        }
                        latencies[done++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(latencies, done);
                });
    }

    @FunctionalInterface
    private interface Worker {
        long[] run(long deadline) throws Exception;
    }

    private static void run(String name, int threads, boolean report, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long deadline = start + DEADLINE_NANOS;
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> worker.run(deadline)));
            }
            List<long[]> results = new ArrayList<>();
            for (Future<long[]> f : futures) {
                results.add(f.get(2 * DEADLINE_NANOS, TimeUnit.NANOSECONDS));
            }
            long elapsed = System.nanoTime() - start;
            long[] all = results.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            if (report) {
                System.out.printf(Locale.ROOT, "%-55s messages=%d  %.0f msg/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                        name, all.length, all.length / (elapsed / 1e9), percentile(all, 50) / 1e6,
                        percentile(all, 99) / 1e6, all[all.length - 1] / 1e6);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static byte[] message() {
        String header = "From: adele@contoso.com\r\nTo: alex@contoso.com\r\nSubject: benchmark\r\n\r\n";
        StringBuilder body = new StringBuilder(header);
        while (body.length() < 1024 - 2) {
            body.append("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\r\n");
        }
        body.setLength(1024 - 2);
        body.append("\r\n");
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The client side of one connection, blocking, one command per reply like Angus Mail. */
    private static final class Client implements AutoCloseable {
        private final Socket plain;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        private Client(Socket plain) throws IOException {
            this.plain = plain;
            use(plain);
        }

        static Client open(InetSocketAddress address, SSLContext trust) throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(address, 5_000);
            s.setSoTimeout(10_000);
            Client c = new Client(s);
            c.expect(220);
            c.command("EHLO bench.example", 250);
            c.command("STARTTLS", 220);
            SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(s, "smtp.office365.com", s.getPort(), true);
            tls.startHandshake();
            c.use(tls);
            c.command("EHLO bench.example", 250);
            c.command("AUTH LOGIN " + b64("adele@contoso.com"), 334);
            c.command(b64("Passw0rd!adele"), 235);
            return c;
        }

        void send(byte[] message) throws IOException {
            command("MAIL FROM:<adele@contoso.com>", 250);
            command("RCPT TO:<alex@contoso.com>", 250);
            command("DATA", 354);
            out.write(message);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(250);
        }

        void quit() throws IOException {
            command("QUIT", 221);
        }

        private void use(Socket s) throws IOException {
            socket = s;
            in = new BufferedInputStream(s.getInputStream());
            out = new BufferedOutputStream(s.getOutputStream());
        }

        private void command(String line, int expected) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(expected);
        }

        private void expect(int code) throws IOException {
            String line;
            do {
                line = readLine();
            } while (line.length() > 3 && line.charAt(3) == '-');
            if (!line.startsWith(Integer.toString(code))) {
                throw new IOException("expected " + code + ", got " + line);
            }
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0 || line.size() > 4096) {
                    throw new IOException("connection closed or line too long");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII).stripTrailing();
        }

        private static String b64(String text) {
            return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            socket.close();
            plain.close();
        }
    }
}
