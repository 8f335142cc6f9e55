package dev.o365emulator.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plain-text clients that attack a line-based server: one sends a command line that never ends, one
 * trickles a command line a byte at a time. Each reads what the server answers until it closes.
 */
public final class HostileClients {

    /** How long the reading side waits for the server to say or do something. */
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    /** What the client saw: every line the server sent (the greeting first) and how much it sent itself. */
    public record Outcome(List<String> lines, long bytesSent, boolean closedByServer) {}

    private HostileClients() {}

    /**
     * After the greeting, sends {@code start} followed by {@code a}s without a line end, in 64 KiB
     * writes, until the server closes the connection or {@code limit} bytes are sent.
     */
    public static Outcome endlessLine(InetSocketAddress address, String start, long limit) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        return attack(address, (out, sent) -> {
            write(out, start.getBytes(StandardCharsets.US_ASCII), sent);
            while (sent.get() < limit) {
                write(out, chunk, sent);
            }
        });
    }

    /**
     * After the greeting, sends {@code start} and then {@code a}s one byte at a time, a byte every
     * {@code pace} (the client's own rhythm, not a wait for the server), never ending the line, until
     * the server closes the connection or {@code maxBytes} are sent.
     */
    public static Outcome slowloris(InetSocketAddress address, String start, Duration pace, int maxBytes)
            throws Exception {
        return attack(address, (out, sent) -> {
            byte[] line = (start + "a".repeat(Math.max(0, maxBytes - start.length()))).getBytes(StandardCharsets.US_ASCII);
            for (byte b : line) {
                write(out, new byte[] {b}, sent);
                Thread.sleep(pace.toMillis());
            }
        });
    }

    private interface Sender {
        void send(OutputStream out, AtomicLong sent) throws Exception;
    }

    private static Outcome attack(InetSocketAddress address, Sender sender) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            lines.add(in.readLine());
            AtomicLong sent = new AtomicLong();
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    sender.send(out, sent);
                } catch (IOException closed) {
                    // The server closed the connection: the attack is over.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "hostile-client");
            writer.setDaemon(true);
            writer.start();
            boolean closed = false;
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                closed = false;
            } catch (IOException reset) {
                closed = true;
            }
            writer.interrupt();
            writer.join(10_000);
            return new Outcome(List.copyOf(lines), sent.get(), closed);
        }
    }

    private static void write(OutputStream out, byte[] bytes, AtomicLong sent) throws IOException {
        out.write(bytes);
        out.flush();
        sent.addAndGet(bytes.length);
    }
}
