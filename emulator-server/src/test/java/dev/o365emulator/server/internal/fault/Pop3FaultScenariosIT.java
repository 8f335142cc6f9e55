package dev.o365emulator.server.internal.fault;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.ExternalClient.Result;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The POP3-facing built-in scenarios and fault rules as real POP3 clients see them: Angus Mail's POP3
 * store (exception class and Office 365's exact text), Python's poplib and a raw line client.
 */
class Pop3FaultScenariosIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String PASSWORD = DefaultTenant.ADELE_PASSWORD;
    private static final String LOGON_FAILURE = "Logon failure: unknown user name or bad password.";

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.POP3, Endpoint.POP3S));

    private static Store angus(boolean stls) throws MessagingException {
        String protocol = stls ? "pop3" : "pop3s";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "host", "127.0.0.1");
        props.put(p + "port", String.valueOf(emulator.port(stls ? Endpoint.POP3 : Endpoint.POP3S)));
        props.put(p + "ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "connectiontimeout", "1000");
        props.put(p + "timeout", "2000");
        if (stls) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        return Session.getInstance(props).getStore(protocol);
    }

    private static List<String> firedRules() {
        return emulator.journal().sessions().stream().flatMap(s -> s.ruleIds().stream()).toList();
    }

    private static LineClient loggedIn() throws Exception {
        LineClient c = LineClient.connectTls(emulator.address(Endpoint.POP3S),
                emulator.certificates().clientSslContext(), "outlook.office365.com");
        c.readLine();
        c.send("USER " + ADELE);
        c.readLine();
        c.send("PASS " + PASSWORD);
        assertThat(c.readLine()).isEqualTo("+OK User successfully logged on.");
        return c;
    }

    // ---- the seed's common configuration errors, pop-disabled, security defaults ----

    @Test
    void popDisabledRefusesTheRightPasswordAsALogonFailure() {
        emulator.useScenario("pop-disabled");
        assertThatThrownBy(() -> angus(false).connect(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage(LOGON_FAILURE);
    }

    @Test
    void basicAuthDisabledRefusesAngusMailWithTheLogonFailure() {
        emulator.useScenario("basic-auth-disabled");
        assertThatThrownBy(() -> angus(false).connect(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage(LOGON_FAILURE);
    }

    @Test
    void badCredentialsRefusesEveryLoginOverStlsToo() {
        emulator.useScenario("bad-credentials");
        assertThatThrownBy(() -> angus(true).connect(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage(LOGON_FAILURE);
        assertThat(firedRules()).containsExactly("logon-failure");
    }

    @Test
    void pythonPoplibSeesTheLogonFailureOfBadCredentials() throws Exception {
        ExternalClient.assumeInstalled("python3");
        emulator.useScenario("bad-credentials");
        String script = String.join("\n",
                "import poplib, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[3])",
                "p = poplib.POP3_SSL(sys.argv[1], int(sys.argv[2]), context=ctx, timeout=2)",
                "p.user(sys.argv[4])",
                "try:",
                "    p.pass_(sys.argv[5])",
                "except poplib.error_proto as e:",
                "    print('refused', e.args[0].decode())");
        Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.POP3S)), emulator.certificates().caPem().toString(), ADELE,
                PASSWORD), "");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("refused -ERR " + LOGON_FAILURE);
    }

    @Test
    void port995BlockedTimesOutAngusMailsConnect() {
        emulator.useScenario("port-995-blocked");
        assertThatThrownBy(() -> angus(false).connect(ADELE, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class)
                .rootCause().hasMessageContaining("timed out");
    }

    @Test
    void securityDefaultsAndConditionalAccessRefuseThePasswordAsALogonFailure() {
        emulator.useScenario("security-defaults");
        assertThatThrownBy(() -> angus(false).connect(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage(LOGON_FAILURE);
        emulator.useScenario("conditional-access-mfa");
        assertThatThrownBy(() -> angus(false).connect(DefaultTenant.ALEX, DefaultTenant.ALEX_PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage(LOGON_FAILURE);
    }

    // ---- rules at every POP3 stage ----

    @Test
    void failTwiceThenSucceed() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: pop3-fail-twice
                extends: office365
                rules:
                  - id: fail-twice
                    when: { protocol: pop3, stage: auth, mechanism: USER, times: 2 }
                    then: { preset: bad-credentials }
                """, "inline"));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> angus(false).connect(ADELE, PASSWORD))
                    .isInstanceOf(AuthenticationFailedException.class).hasMessage(LOGON_FAILURE);
        }
        Store store = angus(false);
        store.connect(ADELE, PASSWORD);
        assertThat(store.isConnected()).isTrue();
        store.close();
        assertThat(firedRules()).containsExactly("fail-twice", "fail-twice");
    }

    @Test
    void anStlsHandshakeFailureReachesAngusMailAsAnSslHandshakeException() {
        emulator.useScenario(ScenarioLoader.parse("""
                name: pop3-bad-tls
                extends: office365
                rules:
                  - { id: bad-tls, when: { protocol: pop3, stage: starttls }, then: { fault: tls-handshake-failure } }
                """, "inline"));
        assertThatThrownBy(() -> angus(true).connect(ADELE, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasRootCauseInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessageContaining("handshake_failure");
        assertThat(firedRules()).containsExactly("bad-tls");
    }

    @Test
    void aCommandRuleRepliesMinusErrAndAResetAtQuitDeletesNothing() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: pop3-stat-and-quit
                extends: office365
                rules:
                  - { id: stat-busy, when: { protocol: pop3, command: STAT, times: 1 }, then: { preset: temporary-server-error } }
                  - { id: quit-reset, when: { protocol: pop3, stage: logout }, then: { fault: connection-reset } }
                """, "inline"));
        emulator.delivery().deliver(ADELE, "Subject: one\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        try (LineClient c = loggedIn()) {
            c.send("STAT");
            assertThat(c.readLine()).startsWith("-ERR Temporary server error. Please try again later. PRX4 [");
            c.send("STAT");
            assertThat(c.readLine()).startsWith("+OK 1 ");
            c.send("DELE 1");
            assertThat(c.readLine()).isEqualTo("+OK");
            c.send("QUIT");
            assertThatThrownBy(c::readLine).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
        assertThat(emulator.store().open(ADELE).inbox().snapshot().exists()).isEqualTo(1);
        assertThat(firedRules()).containsExactly("stat-busy", "quit-reset");
    }

    @Test
    void aDelayedCommandIsAnsweredLateAndTheNextLineWaitsItsTurn() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: pop3-slow-noop
                extends: office365
                rules:
                  - { id: slow-noop, when: { protocol: pop3, command: NOOP, times: 1 }, then: { delay: { millis: 300 } } }
                """, "inline"));
        try (LineClient c = loggedIn()) {
            long start = System.nanoTime();
            c.sendRaw("NOOP\r\nSTAT\r\n");
            assertThat(c.readLine()).isEqualTo("+OK");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(c.readLine()).isEqualTo("+OK 0 0");
        }
        assertThat(firedRules()).containsExactly("slow-noop");
    }
}
