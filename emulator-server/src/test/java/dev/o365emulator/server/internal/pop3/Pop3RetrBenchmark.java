package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLSocket;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * RETR throughput over one pop3s connection: 2 000 messages of 4 KiB, one RETR at a time (what
 * poplib and Angus Mail do), plus a run with all RETRs pipelined. Not a test: a {@code main} run by
 * hand; figures and command in {@code docs/benchmarks.md}.
 */
public final class Pop3RetrBenchmark {

    private static final int MESSAGES = 2_000;
    private static final int SIZE = 4 * 1024;
    private static final int ROUNDS = 5;

    private Pop3RetrBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(Endpoint.POP3S).start()) {
            MailFolder inbox = Internals.of(emulator).store().open("adele@contoso.com").inbox();
            for (int i = 0; i < MESSAGES; i++) {
                inbox.append(Internals.of(emulator).store().newMessage(message(i)), Flags.NONE);
            }
            System.out.printf("%d messages of %d bytes, pop3s, %s transport, Java %s%n", MESSAGES, SIZE,
                    Internals.of(emulator).transport(), System.getProperty("java.version"));
            for (int round = 1; round <= ROUNDS; round++) {
                for (boolean pipelined : new boolean[] {false, true}) {
                    long nanos = run(emulator, pipelined);
                    System.out.printf("round %d %-10s %6d ms  %8.0f messages/s  %6.1f MiB/s%n", round,
                            pipelined ? "pipelined" : "sequential", nanos / 1_000_000,
                            MESSAGES * 1e9 / nanos, (double) MESSAGES * SIZE * 1e9 / nanos / (1 << 20));
                }
            }
        }
    }

    private static long run(Emulator emulator, boolean pipelined) throws IOException {
        Socket plain = new Socket("127.0.0.1", emulator.port(Endpoint.POP3S));
        try (SSLSocket socket = (SSLSocket) Internals.of(emulator).certificates().clientSslContext().getSocketFactory()
                .createSocket(plain, "outlook.office365.com", plain.getPort(), true)) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            line(in);
            command(out, in, "USER adele@contoso.com");
            command(out, in, "PASS Passw0rd!adele");
            long start = System.nanoTime();
            if (pipelined) {
                StringBuilder all = new StringBuilder();
                for (int i = 1; i <= MESSAGES; i++) {
                    all.append("RETR ").append(i).append("\r\n");
                }
                // Written by another thread: the server's answers would fill the socket buffers first.
                Thread writer = new Thread(() -> {
                    try {
                        out.write(all.toString().getBytes(US_ASCII));
                        out.flush();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                writer.start();
                for (int i = 1; i <= MESSAGES; i++) {
                    readMessage(in);
                }
            } else {
                for (int i = 1; i <= MESSAGES; i++) {
                    out.write(("RETR " + i + "\r\n").getBytes(US_ASCII));
                    out.flush();
                    readMessage(in);
                }
            }
            long nanos = System.nanoTime() - start;
            command(out, in, "QUIT");
            return nanos;
        }
    }

    private static void command(OutputStream out, InputStream in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(US_ASCII));
        out.flush();
        String reply = line(in);
        if (!reply.startsWith("+OK")) {
            throw new IllegalStateException(line + " -> " + reply);
        }
    }

    private static void readMessage(InputStream in) throws IOException {
        String status = line(in);
        if (!status.startsWith("+OK")) {
            throw new IllegalStateException("RETR -> " + status);
        }
        while (!line(in).equals(".")) {
            // content line
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static byte[] message(int i) {
        StringBuilder text = new StringBuilder(SIZE).append("From: sender@example.com\r\nTo: adele@contoso.com\r\n")
                .append("Subject: benchmark ").append(i).append("\r\nMessage-ID: <").append(i)
                .append("@bench.example>\r\n\r\n");
        // 76-character body lines, one in ten starting with a dot so dot-stuffing is exercised.
        for (int line = 0; text.length() < SIZE; line++) {
            text.append(line % 10 == 0 ? "." : "x").append("x".repeat(75)).append("\r\n");
        }
        text.setLength(SIZE - 2);
        return text.append("\r\n").toString().getBytes(US_ASCII);
    }
}
