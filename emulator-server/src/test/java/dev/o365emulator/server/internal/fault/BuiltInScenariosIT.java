package dev.o365emulator.server.internal.fault;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import dev.o365emulator.server.internal.tenant.AuthDecision.Reason;
import dev.o365emulator.server.testing.LineClient;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-ins that work end to end before the sessions report their stages: firewalled ports seen by
 * a real socket, and tenant-knob scenarios seen through the tenant every session asks. (The rule-based
 * built-ins are shown rendered per protocol in {@code BuiltInRulesTest}.)
 */
class BuiltInScenariosIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.defaults();
    private static SSLContext trust;

    @BeforeAll
    static void start() {
        trust = emulator.certificates().clientSslContext();
    }

    @ParameterizedTest
    @CsvSource({"port-587-blocked, SUBMISSION, IMAPS", "port-993-blocked, IMAPS, POP3S",
        "port-995-blocked, POP3S, SUBMISSION"})
    void aBlockedPortTimesOutTheConnectWhileOthersServe(String scenario, Endpoint blocked, Endpoint served)
            throws Exception {
        emulator.useScenario(scenario);
        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(emulator.address(blocked), 500))
                    .isInstanceOf(SocketTimeoutException.class);
        }
        try (LineClient c = served.tlsMode() == dev.o365emulator.server.TlsMode.IMPLICIT
                ? LineClient.connectTls(emulator.address(served), trust, "outlook.office365.com")
                : LineClient.connect(emulator.address(served))) {
            assertThat(c.readLine()).containsAnyOf("ready", "Service ready");
        }
    }

    @Test
    void genericServes465WithImplicitTls() throws Exception {
        emulator.useScenario("generic");
        try (LineClient c = LineClient.connectTls(emulator.address(Endpoint.SMTPS), trust, "smtp.office365.com")) {
            assertThat(c.readLine()).startsWith("220 ").contains("Microsoft ESMTP MAIL Service ready");
        }
    }

    @Test
    void basicAuthDisabledRefusesPasswordsInEveryProtocol() {
        emulator.useScenario("basic-auth-disabled");
        for (Protocol p : Protocol.values()) {
            assertThat(login(p, "adele@contoso.com", "Passw0rd!adele")).as(p.name()).isEqualTo(Reason.BASIC_AUTH_DISABLED);
        }
    }

    @Test
    void smtpAuthDisabledForTheTenantOnlyTouchesSmtp() {
        emulator.useScenario("smtp-auth-disabled-for-tenant");
        assertThat(login(Protocol.SMTP, "alex@contoso.com", "Passw0rd!alex")).isEqualTo(Reason.SMTP_AUTH_DISABLED_FOR_TENANT);
        assertThat(login(Protocol.IMAP, "alex@contoso.com", "Passw0rd!alex")).isNull();
    }

    @Test
    void smtpAuthDisabledForTheMailboxTouchesAdeleNotMegan() {
        emulator.useScenario("smtp-auth-disabled-for-mailbox");
        assertThat(login(Protocol.SMTP, "adele@contoso.com", "Passw0rd!adele"))
                .isEqualTo(Reason.SMTP_AUTH_DISABLED_FOR_MAILBOX);
        assertThat(login(Protocol.SMTP, "megan@contoso.com", "Passw0rd!megan")).isNull();
    }

    @Test
    void securityDefaultsRefuseACorrectPassword() {
        emulator.useScenario("security-defaults");
        assertThat(login(Protocol.IMAP, "adele@contoso.com", "Passw0rd!adele")).isEqualTo(Reason.SECURITY_DEFAULTS);
        assertThat(login(Protocol.SMTP, "adele@contoso.com", "wrong")).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void conditionalAccessRefusesPasswordsButNotAppPasswords() {
        emulator.useScenario("conditional-access-mfa");
        assertThat(login(Protocol.SMTP, "adele@contoso.com", "Passw0rd!adele")).isEqualTo(Reason.CONDITIONAL_ACCESS);
        assertThat(login(Protocol.SMTP, "megan@contoso.com", "qwrtzpmnbvcxlkjh")).isNull();
    }

    @Test
    void popAndImapDisabledRefuseTheirProtocolOnly() {
        emulator.useScenario("pop-disabled");
        assertThat(login(Protocol.POP3, "adele@contoso.com", "Passw0rd!adele")).isEqualTo(Reason.PROTOCOL_DISABLED);
        assertThat(login(Protocol.IMAP, "adele@contoso.com", "Passw0rd!adele")).isNull();
        emulator.useScenario("imap-disabled");
        assertThat(login(Protocol.IMAP, "alex@contoso.com", "Passw0rd!alex")).isEqualTo(Reason.PROTOCOL_DISABLED);
        assertThat(login(Protocol.POP3, "alex@contoso.com", "Passw0rd!alex")).isNull();
    }

    @Test
    void limitScenariosLowerTheTenantsLimits() {
        emulator.useScenario("daily-recipient-limit");
        assertThat(emulator.tenant().settings().limits().recipientsPerDay()).isEqualTo(10);
        emulator.useScenario("message-too-large");
        assertThat(emulator.tenant().settings().mailbox("adele@contoso.com").orElseThrow().maxSendSize())
                .isEqualTo(1024L * 1024);
        emulator.useScenario("submission-throttled");
        assertThat(emulator.tenant().settings().limits().concurrentSubmissions()).isEqualTo(1);
    }

    /** The refusal reason, or null when the login is allowed. */
    private static Reason login(Protocol protocol, String user, String password) {
        AuthDecision d = emulator.tenant().authenticateBasic(protocol, user, password);
        return d instanceof AuthDecision.Refused r ? r.reason() : null;
    }
}
