package dev.o365emulator.server.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.FiredRule;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.Severity;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.testing.Await;
import jakarta.mail.Transport;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code implicit-tls-465}: recorded on a connection to 465 that a rule about 465 answers instead of serving,
 * never on a 465 that is served ({@code generic}), nor where a rule faults every port; and why the default firewalled 465 has no session to
 * record it on.
 */
class ImplicitTls465FindingIT {

    @ParameterizedTest
    @ValueSource(strings = {"stall", "close", "connection-reset", "tls-handshake-failure"})
    void aConnectionTo465ThatARuleAnswersCarriesTheFinding(String fault) throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(EnumSet.of(Endpoint.SMTPS, Endpoint.SUBMISSION))
                .scenario(ScenarioLoader.parse("""
                        name: port-465-answered
                        extends: office365
                        rules:
                          - id: port-465-not-served
                            when: { endpoint: smtps, stage: connect }
                            then: { fault: %s }
                        """.formatted(fault), "inline")).start();
                Socket socket = new Socket()) {
            try {
                socket.connect(emulator.address(Endpoint.SMTPS), 5_000);
            } catch (SocketException reset) {
                // connection-reset can answer before connect() has returned; the server accepted all the same.
            }
            Session session = awaitSession(emulator, Endpoint.SMTPS);
            assertThat(session.findings()).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo("implicit-tls-465");
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.advice()).contains("587").contains("STARTTLS");
            });
        }
    }

    @Test
    void aRuleOnEveryPortSaysNothingAbout465() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(EnumSet.of(Endpoint.SMTPS, Endpoint.SUBMISSION))
                .scenario(ScenarioLoader.parse("""
                        name: every-port-closes
                        extends: generic
                        rules:
                          - id: close-everything
                            when: { stage: connect }
                            then: { fault: close }
                        """, "inline")).start();
                Socket socket = new Socket()) {
            socket.connect(emulator.address(Endpoint.SMTPS), 5_000);
            Await.until("the rule to fire on the 465 session", Duration.ofSeconds(5),
                    () -> emulator.sessions().all().stream().anyMatch(s -> !s.firedRules().isEmpty()));
            assertThat(emulator.sessions().all()).singleElement().satisfies(s -> {
                assertThat(s.endpoint()).isEqualTo(Endpoint.SMTPS);
                assertThat(s.firedRules()).extracting(FiredRule::rule).containsExactly("close-everything");
                assertThat(s.findings()).extracting(Finding::id).doesNotContain("implicit-tls-465");
            });
        }
    }

    @Test
    void aServed465RecordsNothingForAWellBehavedClient() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(EnumSet.of(Endpoint.SMTPS)).scenario("generic")
                .start()) {
            var mail = AngusSmtp.session(emulator, Endpoint.SMTPS, "mail.smtp.auth.mechanisms", "XOAUTH2");
            emulator.tokens().register("token-465", DefaultTenant.ADELE);
            Transport.send(AngusSmtp.message(mail, DefaultTenant.ADELE, DefaultTenant.ALEX, "over 465"),
                    DefaultTenant.ADELE, "token-465");
            Await.until("the 465 session to end", Duration.ofSeconds(5),
                    () -> emulator.sessions().all().stream().anyMatch(s -> !s.isOpen()));
            List<Session> sessions = emulator.sessions().all();
            assertThat(sessions).singleElement().satisfies(s -> {
                assertThat(s.endpoint()).isEqualTo(Endpoint.SMTPS);
                assertThat(s.findings()).extracting(Finding::id).isEmpty();
            });
        }
    }

    @Test
    void office365sFirewalled465HasNoConnectionToJudge() throws Exception {
        try (Emulator emulator = Emulator.builder().endpoints(EnumSet.of(Endpoint.SMTPS)).start();
                Socket socket = new Socket()) {
            // The kernel drops the SYN, as Office 365's firewall does: no process ever sees the client.
            assertThatThrownBy(() -> socket.connect(emulator.address(Endpoint.SMTPS), 1_000))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(emulator.sessions().all()).isEmpty();
        }
    }

    private static Session awaitSession(Emulator emulator, Endpoint endpoint) {
        Await.until("a finding on a " + endpoint.id() + " session", Duration.ofSeconds(5),
                () -> emulator.sessions().all().stream()
                        .anyMatch(s -> s.endpoint() == endpoint && !s.findings().isEmpty()));
        return emulator.sessions().all().stream().filter(s -> s.endpoint() == endpoint).findFirst().orElseThrow();
    }
}
