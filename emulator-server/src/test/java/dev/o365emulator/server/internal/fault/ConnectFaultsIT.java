package dev.o365emulator.server.internal.fault;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a real client observes for each connect- and greeting-stage fault. One emulator, scenarios swapped per test. */
class ConnectFaultsIT {

    private static final int SHORT = 1_000;

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.defaults();
    private static SSLContext trust;

    @BeforeAll
    static void start() {
        trust = emulator.certificates().clientSslContext();
    }

    private static void use(String rules) {
        emulator.useScenario(ScenarioLoader.parse("name: it\nrules:\n" + rules, "it.yaml"));
    }

    private static InetSocketAddress at(Endpoint e) {
        return emulator.address(e);
    }

    @Test
    void dropConnectMakesTheClientsConnectTimeOutAndServesAgainAfterwards() throws Exception {
        emulator.useScenario("port-993-blocked");
        int port = emulator.port(Endpoint.IMAPS);
        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(at(Endpoint.IMAPS), SHORT))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("timed out");
        }
        emulator.useScenario(Scenario.none());
        assertThat(emulator.port(Endpoint.IMAPS)).isEqualTo(port);
        try (LineClient c = LineClient.connectTls(at(Endpoint.IMAPS), trust, "outlook.office365.com")) {
            assertThat(c.readLine()).startsWith("* OK The Microsoft Exchange IMAP4 service is ready.");
        }
    }

    @Test
    void office365DefaultFirewallsPort465ButServes587() throws Exception {
        emulator.useScenario("office365");
        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(at(Endpoint.SMTPS), SHORT)).isInstanceOf(SocketTimeoutException.class);
        }
        try (LineClient c = LineClient.connect(at(Endpoint.SUBMISSION))) {
            assertThat(c.readLine()).startsWith("220 ").contains("Microsoft ESMTP MAIL Service ready");
        }
    }

    @Test
    void refuseGivesConnectionRefused() {
        use("""
                  - id: no-pop
                    when: { endpoint: pop3s, stage: connect }
                    then: { fault: refuse }
                """);
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(at(Endpoint.POP3S), SHORT);
            }
        }).isInstanceOf(ConnectException.class).hasMessageContaining("Connection refused");
    }

    @Test
    void connectionResetIsSeenOnTheFirstRead() throws Exception {
        use("""
                  - id: rst
                    when: { endpoint: submission, stage: connect }
                    then: { fault: connection-reset }
                """);
        // The RST can beat the connect call's return, so the client sees it at connect or at its first read.
        assertThatThrownBy(() -> {
            try (Socket s = connect(Endpoint.SUBMISSION)) {
                s.getInputStream().read();
            }
        }).isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
        assertThat(firedRules(Endpoint.SUBMISSION)).containsExactly("rst");
    }

    @Test
    void closeIsAnEndOfStreamWithoutGreeting() throws Exception {
        use("""
                  - id: fin
                    when: { protocol: pop3, stage: connect }
                    then: { fault: close }
                """);
        try (Socket s = connect(Endpoint.POP3)) {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void stallGivesAReadTimeout() throws Exception {
        use("""
                  - id: hang
                    when: { endpoint: smtp, stage: connect }
                    then: { fault: stall }
                """);
        try (Socket s = connect(Endpoint.SMTP)) {
            s.setSoTimeout(500);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("Read timed out");
        }
    }

    @Test
    void garbageThenCloseBreaksTheTlsHandshake() throws Exception {
        use("""
                  - id: junk
                    when: { endpoint: imaps, stage: connect }
                    then: { fault: garbage-then-close }
                """);
        try (Socket s = connect(Endpoint.IMAPS)) {
            SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(s, "outlook.office365.com", s.getPort(), true);
            assertThatThrownBy(tls::startHandshake).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void garbageThenCloseOnPlainTextSendsBytesThenEnds() throws Exception {
        use("""
                  - id: junk
                    when: { endpoint: imap, stage: connect }
                    then: { fault: garbage-then-close }
                """);
        try (Socket s = connect(Endpoint.IMAP)) {
            assertThat(s.getInputStream().readAllBytes()).isEqualTo(FaultActions.GARBAGE);
        }
    }

    @Test
    void tlsHandshakeFailureIsAFatalAlertOnImplicitTls() throws Exception {
        use("""
                  - id: bad-tls
                    when: { endpoint: smtps, stage: connect }
                    then: { fault: tls-handshake-failure }
                """);
        assertThatThrownBy(() -> LineClient.connectTls(at(Endpoint.SMTPS), trust, "smtp.office365.com"))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("handshake_failure");
    }

    @Test
    void delayHoldsTheGreetingBack() throws Exception {
        use("""
                  - id: slow
                    when: { endpoint: pop3s, stage: connect }
                    then: { delay: { millis: 400 } }
                """);
        long start = System.nanoTime();
        try (LineClient c = LineClient.connectTls(at(Endpoint.POP3S), trust, "outlook.office365.com")) {
            assertThat(c.readLine()).startsWith("+OK The Microsoft Exchange POP3 service is ready.");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void throttleTricklesTheGreeting() throws Exception {
        use("""
                  - id: slow-link
                    when: { endpoint: imap, stage: connect }
                    then: { fault: throttle, bytesPerSecond: 500 }
                """);
        long start = System.nanoTime();
        try (LineClient c = LineClient.connect(at(Endpoint.IMAP))) {
            assertThat(c.readLine()).startsWith("* OK The Microsoft Exchange IMAP4 service is ready.");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aGreetingReplyReplacesTheBannerInEachProtocolAndCloses() throws Exception {
        use("""
                  - id: overloaded
                    when: { stage: greeting }
                    then: { preset: too-many-connections }
                """);
        try (LineClient c = LineClient.connect(at(Endpoint.SUBMISSION))) {
            assertThat(c.readLine()).startsWith("421 4.3.2 The maximum number of concurrent connections");
            assertThat(c.isClosedByServer()).isTrue();
        }
        try (LineClient c = LineClient.connectTls(at(Endpoint.IMAPS), trust, "outlook.office365.com")) {
            assertThat(c.readLine()).startsWith("* BYE The maximum number of concurrent connections");
        }
        try (LineClient c = LineClient.connect(at(Endpoint.POP3))) {
            assertThat(c.readLine()).startsWith("-ERR The maximum number of concurrent connections");
        }
    }

    @Test
    void angusMailSeesTheGreetingReplyWithPlaceholdersFilled() {
        use("""
                  - id: busy-banner
                    when: { protocol: smtp, stage: greeting }
                    then: { reply: { code: 421, enhanced: 4.7.0, text: "Busy for [{clientIp}] {timestampTrailer}" } }
                """);
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(emulator.port(Endpoint.SUBMISSION)));
        p.put("mail.smtp.connectiontimeout", "2000");
        p.put("mail.smtp.timeout", "2000");
        Session session = Session.getInstance(p);
        assertThatThrownBy(() -> {
            try (Transport t = session.getTransport("smtp")) {
                t.connect("adele@contoso.com", "Passw0rd!adele");
            }
        }).isInstanceOf(MessagingException.class)
                .hasMessageContaining("421 4.7.0 Busy for [127.0.0.1] [" + emulator.identity().fqdn());
    }

    @Test
    void aScenarioTenantSectionReachesTheLiveTenantAndResetKeepsIt() {
        emulator.useScenario("basic-auth-disabled");
        assertThat(emulator.tenant().settings().basicAuthBlocked(Protocol.SMTP)).isTrue();
        assertThat(emulator.tenant().settings().basicAuthBlocked(Protocol.POP3)).isTrue();
        emulator.resetScenario();
        assertThat(emulator.tenant().settings().basicAuthBlocked(Protocol.IMAP)).isTrue();
        emulator.useScenario(Scenario.none());
        assertThat(emulator.tenant().settings().basicAuthBlocked(Protocol.SMTP)).isFalse();
    }

    private static Socket connect(Endpoint e) throws Exception {
        Socket s = new Socket();
        // Before connect: a reset may arrive before the first call after it.
        s.setSoTimeout(2_000);
        s.connect(at(e), SHORT);
        return s;
    }

    private static java.util.List<String> firedRules(Endpoint e) {
        Await.until("a closed " + e.id() + " session", Duration.ofSeconds(2),
                () -> emulator.journal().sessions().stream().anyMatch(r -> r.endpoint() == e && r.end().isPresent()));
        return emulator.journal().sessions().stream().filter(r -> r.endpoint() == e)
                .reduce((a, b) -> b).map(SessionRecord::ruleIds).orElseThrow();
    }
}
