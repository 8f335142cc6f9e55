package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Mail;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.testing.Await;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/events} over real sockets: the events a submission, a failed login and a scenario
 * switch produce, a stalled consumer dropped (its stream ends) while SMTP goes on serving, and the
 * cap on subscribers.
 */
class ConsoleEventsIT {

    private static Emulator emulator;
    private static int consolePort;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION).identity(false).console(true).start();
        consolePort = emulator.consoleAddress().orElseThrow().getPort();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void reset() {
        emulator.scenario().use("office365");
        emulator.reset();
    }

    /** One parsed event of the stream. */
    record Event(String kind, JsonNode data) {
    }

    /** A subscriber reading the stream on a thread of its own, as fast as it comes. */
    static final class Subscriber implements AutoCloseable {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final Socket socket;
        final Thread reader;

        Subscriber() throws IOException {
            socket = new Socket("127.0.0.1", consolePort);
            socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertThat(status).isEqualTo("HTTP/1.1 200 OK");
            reader = new Thread(() -> read(in), "sse-subscriber");
            reader.setDaemon(true);
            reader.start();
            // The stream's first comment says the subscription is in place.
            Await.until("the stream's greeting", Duration.ofSeconds(10), () -> connected);
        }

        volatile boolean connected;

        private void read(BufferedReader in) {
            String kind = null;
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals(": connected")) {
                        connected = true;
                    } else if (line.startsWith("event: ")) {
                        kind = line.substring(7);
                    } else if (line.startsWith("data: ") && kind != null) {
                        events.add(new Event(kind, Json.MAPPER.readTree(line.substring(6))));
                        kind = null;
                    }
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
        }

        Event await(String kind, java.util.function.Predicate<JsonNode> match) {
            Await.until("a " + kind + " event", Duration.ofSeconds(10),
                    () -> events.stream().anyMatch(e -> e.kind().equals(kind) && match.test(e.data())));
            return events.stream().filter(e -> e.kind().equals(kind) && match.test(e.data())).findFirst().orElseThrow();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aSubmissionAFailedLoginAndASwitchAreStreamed() throws Exception {
        try (Subscriber subscriber = new Subscriber()) {
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), DefaultTenant.ADELE,
                    DefaultTenant.ALEX, "streamed"), DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD);
            long session = emulator.mail().messages(DefaultTenant.ALEX, Mail.INBOX).get(0).submittedBy().orElseThrow();

            Event opened = subscriber.await("session-opened", d -> d.get("session").asLong() == session);
            assertThat(opened.data().get("endpoint").asString()).isEqualTo("submission");
            subscriber.await("line", d -> d.get("session").asLong() == session && d.get("direction").asString().equals("C")
                    && d.get("text").asString().toUpperCase(java.util.Locale.ROOT).startsWith("EHLO "));
            subscriber.await("line", d -> d.get("session").asLong() == session && d.get("direction").asString().equals("S")
                    && d.get("text").asString().startsWith("250"));
            Event delivered = subscriber.await("message-delivered", d -> d.get("session").asLong() == session
                    && d.get("mailbox").asString().equals(DefaultTenant.ALEX));
            assertThat(delivered.data().get("folder").asString()).isEqualTo("INBOX");
            // The sender's copy in Sent Items is an event of its own.
            subscriber.await("message-delivered", d -> d.get("session").asLong() == session
                    && d.get("mailbox").asString().equals(DefaultTenant.ADELE) && d.get("folder").asString().equals("Sent Items"));
            subscriber.await("session-closed", d -> d.get("session").asLong() == session);
            // Lines are masked as the journal masks them.
            assertThat(subscriber.events).noneMatch(e -> e.data().toString().contains(
                    java.util.Base64.getEncoder().encodeToString(DefaultTenant.ADELE_PASSWORD.getBytes(StandardCharsets.UTF_8))));

            emulator.scenario().use("bad-credentials");
            Event switched = subscriber.await("scenario-switched", d -> d.get("name").asString().equals("bad-credentials"));
            assertThat(switched.data().get("chain").get(1).asString()).isEqualTo("office365");
            assertThatThrownBy(() -> Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION),
                    DefaultTenant.ADELE, DefaultTenant.ALEX, "refused"), DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD))
                    .isInstanceOf(AuthenticationFailedException.class);
            Event fired = subscriber.await("rule-fired", d -> d.get("rule").asString().equals("logon-failure"));
            assertThat(fired.data().get("effect").asString()).isNotBlank();
        }
    }

    @Test
    void aStalledConsumerIsDroppedWhileSmtpServesOn() throws Exception {
        try (Socket stalled = new Socket()) {
            // A small window and no reading: the console's writes stop soon, its queue for us fills.
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", consolePort));
            stalled.getOutputStream().write("GET /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();

            // Far more events than the bound and every kernel buffer hold: 12,000 commands of 400 bytes,
            // each a client and a server line.
            int commands = flood(12_000, 400);
            assertThat(commands).isEqualTo(12_000);

            // The emulator still serves SMTP as before.
            Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), DefaultTenant.ADELE,
                    DefaultTenant.ALEX, "after the flood"), DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD);
            assertThat(emulator.mail().messages(DefaultTenant.ALEX, Mail.INBOX)).hasSize(1);

            // The dropped stream ends: reading now meets the end of the connection, after at most what
            // the buffers held, not the 10 MB of events that came.
            stalled.setSoTimeout(20_000);
            long read = 0;
            InputStream in = stalled.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    read += n;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the stalled consumer's stream did not end; " + read + " bytes read", e);
            } catch (IOException reset) {
                // a reset ends it as well
            }
            assertThat(read).isLessThan(8L * 1024 * 1024);
        }
        // A new subscriber is served.
        try (Subscriber fresh = new Subscriber()) {
            emulator.scenario().use("generic");
            fresh.await("scenario-switched", d -> d.get("name").asString().equals("generic"));
        }
    }

    /** Pipelines {@code count} NOOPs with a long argument on one SMTP connection; returns how many were answered. */
    private static int flood(int count, int argument) throws IOException {
        try (Socket smtp = new Socket("127.0.0.1", emulator.port(Endpoint.SUBMISSION))) {
            smtp.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(smtp.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = smtp.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            String noop = "NOOP " + "x".repeat(argument) + "\r\n";
            int answered = 0;
            for (int sent = 0; sent < count; ) {
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < 100 && sent < count; i++, sent++) {
                    batch.append(noop);
                }
                out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (answered < sent) {
                    String reply = in.readLine();
                    assertThat(reply).startsWith("250 ");
                    answered++;
                }
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return answered;
        }
    }

    @Test
    void subscribersPastTheCapGet503() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < EventHub.MAX_SUBSCRIBERS; i++) {
                Socket s = new Socket("127.0.0.1", consolePort);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                open.add(s);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            }
            ConsoleClient client = new ConsoleClient(java.net.URI.create("http://127.0.0.1:" + consolePort), null);
            JsonNode problem = client.get("/api/v1/events").problem(503, "too-many-subscribers");
            assertThat(problem.get("detail").asString()).contains(String.valueOf(EventHub.MAX_SUBSCRIBERS));
            assertThat(client.get("/api/v1/health").status()).isEqualTo(200);
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
