package dev.o365emulator.server.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.ConnectionStats;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections over the caps get their protocol's refusal instead of an accept failure; closing one
 * frees its slot; the refusals are logged once, not once each. Small caps, loopback only.
 */
class ConnectionLimitsIT {

    private static final int TOTAL = 5;
    private static final int PER_ADDRESS = 3;

    private final List<LineClient> held = new ArrayList<>();
    private Emulator emulator;

    private Emulator start() {
        // Scenario none serves 465 too, so that every endpoint answers.
        emulator = Emulator.builder().scenario(Scenario.none()).maxConnections(TOTAL)
                .maxConnectionsPerAddress(PER_ADDRESS).start();
        return emulator;
    }

    @AfterEach
    void stop() throws IOException {
        for (LineClient client : held) {
            client.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void theConnectionOverTheCapPerAddressGetsEachProtocolsRefusalPlainAndAfterTls() throws Exception {
        start();
        holdGreeted(Endpoint.SMTP, "127.0.0.1");
        holdGreeted(Endpoint.IMAP, "127.0.0.1");
        holdGreeted(Endpoint.POP3, "127.0.0.1");

        assertRefusedPlain(Endpoint.SMTP, OverLimitRefusal.SMTP);
        assertRefusedPlain(Endpoint.SUBMISSION, OverLimitRefusal.SMTP);
        assertRefusedPlain(Endpoint.IMAP, OverLimitRefusal.IMAP);
        assertRefusedPlain(Endpoint.POP3, OverLimitRefusal.POP3);
        assertRefusedAfterTls(Endpoint.SMTPS, "smtp.office365.com", OverLimitRefusal.SMTP);
        assertRefusedAfterTls(Endpoint.IMAPS, "outlook.office365.com", OverLimitRefusal.IMAP);
        assertRefusedAfterTls(Endpoint.POP3S, "outlook.office365.com", OverLimitRefusal.POP3);

        assertThat(emulator.connections()).isEqualTo(new ConnectionStats(3, 7, TOTAL, PER_ADDRESS));
        assertThat(Internals.of(emulator).journal().sessions()).as("refused connections are not journalled").hasSize(3);
    }

    @Test
    void otherAddressesAreServedUntilTheTotalCapThenClosingOneFreesItsSlot() throws Exception {
        start();
        assumeSecondLoopbackAddresses();
        for (int i = 0; i < PER_ADDRESS; i++) {
            holdGreeted(Endpoint.IMAP, "127.0.0.1");
        }
        holdGreeted(Endpoint.SUBMISSION, "127.0.0.2");
        holdGreeted(Endpoint.POP3, "127.0.0.3");

        try (LineClient refused = connectFrom("127.0.0.4", Endpoint.POP3)) {
            assertThat(refused.readLine()).as("over the total cap").isEqualTo(OverLimitRefusal.POP3);
            assertThat(refused.isClosedByServer()).isTrue();
        }

        held.remove(0).close();
        Await.until("the closed connection's slot to be given back", Duration.ofSeconds(5),
                () -> emulator.connections().open() == TOTAL - 1);
        holdGreeted(Endpoint.IMAP, "127.0.0.4");
        assertThat(emulator.connections().open()).isEqualTo(TOTAL);
        assertThat(emulator.connections().refused()).isEqualTo(1);
    }

    @Test
    void aFloodIsRefusedConnectionByConnectionAndLoggedOnce() throws Exception {
        start();
        for (int i = 0; i < PER_ADDRESS; i++) {
            holdGreeted(Endpoint.SMTP, "127.0.0.1");
        }
        int flood = 40;
        String logged = capturingStandardError(() -> {
            for (int i = 0; i < flood; i++) {
                try (LineClient refused = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                    assertThat(refused.readLine()).isEqualTo(OverLimitRefusal.SMTP);
                    assertThat(refused.isClosedByServer()).isTrue();
                }
            }
        });

        assertThat(emulator.connections().refused()).isEqualTo(flood);
        assertThat(logged.lines().filter(line -> line.contains("Refused a connection over the connection limits")))
                .singleElement().asString()
                .contains("127.0.0.1 to smtp, limit per client address 3 reached")
                .contains("more are counted and reported every 10 s");
        LineClient served = held.get(0);
        served.send("NOOP");
        assertThat(served.readSmtpReply()).as("the connections held meanwhile are served").containsExactly(
                "250 2.0.0 OK");
    }

    @Test
    void theIdentityEndpointAnswers503OverTheCap() throws Exception {
        start();
        for (int i = 0; i < PER_ADDRESS; i++) {
            holdGreeted(Endpoint.POP3, "127.0.0.1");
        }
        HttpClient http = HttpClient.newBuilder().sslContext(Internals.of(emulator).certificates().clientSslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(Internals.of(emulator).oauth().authority()
                + "/v2.0/.well-known/openid-configuration")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).contains("1");
        Map<String, Object> body = com.nimbusds.jose.util.JSONObjectUtils.parse(response.body());
        assertThat(body).containsEntry("error", "temporarily_unavailable");
    }

    private void holdGreeted(Endpoint endpoint, String from) throws IOException {
        LineClient client = connectFrom(from, endpoint);
        held.add(client);
        assertThat(client.readLine()).as("greeting on " + endpoint.id() + " from " + from)
                .matches("220 .*|\\* OK .*|\\+OK .*");
    }

    private void assertRefusedPlain(Endpoint endpoint, String refusal) throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(endpoint))) {
            assertThat(client.readLine()).as(endpoint.id()).isEqualTo(refusal);
            assertThat(client.isClosedByServer()).as(endpoint.id() + " closed").isTrue();
        }
    }

    private void assertRefusedAfterTls(Endpoint endpoint, String serverName, String refusal) throws IOException {
        SSLContext trust = Internals.of(emulator).certificates().clientSslContext();
        try (LineClient client = LineClient.connectTls(emulator.address(endpoint), trust, serverName)) {
            assertThat(client.readLine()).as(endpoint.id()).isEqualTo(refusal);
            assertThat(client.isClosedByServer()).as(endpoint.id() + " closed").isTrue();
        }
    }

    private LineClient connectFrom(String source, Endpoint endpoint) throws IOException {
        return LineClient.connectFrom(new InetSocketAddress(source, 0), emulator.address(endpoint));
    }

    /** Linux routes all of 127/8 to the loopback interface; other systems may have 127.0.0.1 only. */
    private void assumeSecondLoopbackAddresses() {
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress("127.0.0.2", 0));
        } catch (IOException e) {
            System.out.println("skipped: cannot bind 127.0.0.2 to connect from a second address: " + e);
            assumeTrue(false, "no second loopback address: " + e);
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} while copying what is printed to standard error (where slf4j-simple logs). */
    private static String capturingStandardError(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }
}
