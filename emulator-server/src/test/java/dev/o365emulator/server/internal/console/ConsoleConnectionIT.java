package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import dev.o365emulator.server.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the console reads a connection, over a raw socket: a body written apart from its head (as the
 * JDK's HttpClient writes it) is read, on a fresh and on a reused connection, requests pipelined
 * in one write are all answered, in order, and a connection past the console's cap is answered with a
 * 503 problem and closed while the others go on.
 */
class ConsoleConnectionIT {

    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");
    private static final byte[] BODY = "{\"name\":\"office365\"}".getBytes(StandardCharsets.US_ASCII);

    private static Emulator emulator;
    private static int port;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION).identity(false).console(true).start();
        port = emulator.consoleAddress().orElseThrow().getPort();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static byte[] head() {
        return ("POST /api/v1/scenario/activate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + BODY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aBodyWrittenApartFromItsHeadIsRead() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            Answers answers = new Answers(socket.getInputStream());
            for (int request = 1; request <= 3; request++) {
                OutputStream out = socket.getOutputStream();
                out.write(head());
                out.flush();
                // Two writes without Nagle's delay: on loopback they arrive as two reads, as the JDK
                // HttpClient's head and body do (the route tests with that client hung here before).
                out.write(BODY);
                out.flush();
                assertThat(answers.next()).as("request %d", request).isEqualTo(200);
            }
        }
    }

    @Test
    void pipelinedRequestsAreAllAnsweredInOrder() throws IOException {
        String get = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
        String missing = "GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n";
        byte[] post = new byte[head().length + BODY.length];
        System.arraycopy(head(), 0, post, 0, head().length);
        System.arraycopy(BODY, 0, post, head().length, BODY.length);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(get.getBytes(StandardCharsets.US_ASCII));
            out.write(post);
            out.write(missing.getBytes(StandardCharsets.US_ASCII));
            out.write(get.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Answers answers = new Answers(socket.getInputStream());
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(answers.next());
            }
            assertThat(statuses).containsExactly(200, 200, 404, 200);
        }
    }

    @Test
    void aConnectionPastTheCapGetsA503ProblemAndTheOthersGoOn() throws IOException {
        // An emulator of its own: the other tests' connections must not count against the cap.
        try (Emulator own = Emulator.builder().endpoints(Endpoint.SUBMISSION).identity(false).console(true).start()) {
            int ownPort = own.consoleAddress().orElseThrow().getPort();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < ConsoleServer.MAX_CONNECTIONS; i++) {
                    Socket socket = new Socket("127.0.0.1", ownPort);
                    socket.setSoTimeout(10_000);
                    held.add(socket);
                    // A request answered proves the connection was accepted and counted.
                    assertThat(health(socket)).as("connection %d", i + 1).isEqualTo(200);
                }
                try (Socket refused = new Socket("127.0.0.1", ownPort)) {
                    refused.setSoTimeout(10_000);
                    refused.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    String answer = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(answer).startsWith("HTTP/1.1 503 ")
                            .containsIgnoringCase("content-type: application/problem+json")
                            .containsIgnoringCase("retry-after: 1")
                            .containsIgnoringCase("connection: close")
                            .contains("urn:o365-emulator:problem:too-many-connections").contains("\"status\":503");
                }
                // Every held connection still works.
                assertThat(health(held.get(0))).isEqualTo(200);
                assertThat(health(held.get(held.size() - 1))).isEqualTo(200);
                held.remove(0).close();
                // Once a held one has gone, a new connection is served again.
                Await.until("a new connection served after one closed", Duration.ofSeconds(10), () -> {
                    try (Socket again = new Socket("127.0.0.1", ownPort)) {
                        again.setSoTimeout(10_000);
                        return health(again) == 200;
                    } catch (IOException | AssertionError ended) {
                        return false;
                    }
                });
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    private static int health(Socket socket) throws IOException {
        socket.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new Answers(socket.getInputStream()).next();
    }

    /** Reads responses one by one: the status line, the headers, and Content-Length bytes of body. */
    private static final class Answers {
        private final InputStream in;

        Answers(InputStream in) {
            this.in = in;
        }

        int next() throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("the connection ended after: " + head);
                }
                head.append((char) b);
            }
            Matcher status = STATUS.matcher(head);
            assertThat(status.lookingAt()).as(head.toString()).isTrue();
            Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
            int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
            in.readNBytes(body);
            return Integer.parseInt(status.group(1));
        }
    }
}
