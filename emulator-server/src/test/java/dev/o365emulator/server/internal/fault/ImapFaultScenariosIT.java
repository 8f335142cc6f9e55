package dev.o365emulator.server.internal.fault;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.ExternalClient.Result;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The IMAP-facing built-in scenarios and fault rules as real IMAP clients see them: Angus Mail's IMAP
 * store (exception class and Office 365's exact text), Python's imaplib and a raw line client.
 */
class ImapFaultScenariosIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String PASSWORD = DefaultTenant.ADELE_PASSWORD;

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAP, Endpoint.IMAPS));

    private static Store angus(boolean startTls, boolean loginCommand) throws MessagingException {
        String protocol = startTls ? "imap" : "imaps";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "host", "127.0.0.1");
        props.put(p + "port", String.valueOf(emulator.port(startTls ? Endpoint.IMAP : Endpoint.IMAPS)));
        props.put(p + "ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "connectiontimeout", "1000");
        props.put(p + "timeout", "2000");
        if (loginCommand) {
            // Angus prefers AUTHENTICATE PLAIN when AUTH=PLAIN is advertised; this makes it send LOGIN.
            props.put(p + "auth.plain.disable", "true");
        }
        if (startTls) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        return Session.getInstance(props).getStore(protocol);
    }

    private static Store connected(String user, String password) throws MessagingException {
        Store store = angus(false, false);
        store.connect(user, password);
        return store;
    }

    private static List<String> firedRules() {
        return emulator.journal().sessions().stream().flatMap(s -> s.ruleIds().stream()).toList();
    }

    // ---- imap-authenticated-but-not-connected / imap-disabled ----

    @Test
    void authenticatedButNotConnectedAnswersBadTwiceThenSaysBye() throws Exception {
        emulator.useScenario("imap-authenticated-but-not-connected");
        try (LineClient c = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.certificates().clientSslContext(), "outlook.office365.com")) {
            c.readLine();
            c.send("a1 LOGIN " + ADELE + " " + PASSWORD);
            assertThat(c.readLine()).isEqualTo("a1 OK LOGIN completed.");
            c.send("a2 SELECT INBOX");
            assertThat(c.readLine()).isEqualTo("a2 BAD User is authenticated but not connected.");
            c.send("a3 NAMESPACE");
            assertThat(c.readLine()).isEqualTo("a3 BAD User is authenticated but not connected.");
            assertThat(c.readLine()).isEqualTo("* BYE Connection closed. 14");
            assertThat(c.isClosedByServer()).isTrue();
        }
        assertThat(firedRules()).containsExactly("not-connected-first", "not-connected-then-bye");
    }

    @Test
    void angusMailLogsInThenCannotOpenTheInboxWhenAuthenticatedButNotConnected() throws Exception {
        emulator.useScenario("imap-authenticated-but-not-connected");
        Store store = connected(ADELE, PASSWORD);
        try {
            assertThat(store.isConnected()).isTrue();
            Folder inbox = store.getFolder("INBOX");
            // Angus puts the whole tagged line in the message of the MessagingException it throws.
            assertThatThrownBy(() -> inbox.open(Folder.READ_ONLY))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageMatching("[A-Z]+[0-9]+ BAD User is authenticated but not connected\\.")
                    .hasCauseInstanceOf(BadCommandException.class);
            assertThatThrownBy(() -> inbox.open(Folder.READ_ONLY))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("User is authenticated but not connected.");
            Await.until("the server closed the connection", Duration.ofSeconds(2), () -> !isOpen(store));
        } finally {
            store.close();
        }
    }

    @Test
    void imapDisabledAcceptsTheLoginThenRefusesEveryCommand() throws Exception {
        emulator.useScenario("imap-disabled");
        Store store = connected(ADELE, PASSWORD);
        try {
            assertThatThrownBy(() -> store.getFolder("INBOX").open(Folder.READ_ONLY))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageMatching("[A-Z]+[0-9]+ BAD User is authenticated but not connected\\.")
                    .hasCauseInstanceOf(BadCommandException.class);
        } finally {
            store.close();
        }
    }

    // ---- imap-throttled ----

    @Test
    void throttledSelectIsRefusedWithTheBackoffTimeAndTheConnectionDrops() throws Exception {
        emulator.useScenario("imap-throttled");
        Store store = connected(ADELE, PASSWORD);
        try {
            // Angus answers the NO to SELECT by checking whether the folder exists (a LIST), which meets
            // the dropped connection: the application sees the drop, the NO text is in the journal.
            assertThatThrownBy(() -> store.getFolder("INBOX").open(Folder.READ_ONLY))
                    .isInstanceOf(FolderClosedException.class)
                    .hasMessageContaining("Connection dropped by server?");
            Await.until("the server closed the connection", Duration.ofSeconds(2), () -> !isOpen(store));
        } finally {
            store.close();
        }
        assertThat(firedRules()).containsExactly("imap-throttled");
        assertThat(emulator.journal().sessions().get(0).transcript()).map(TranscriptLine::text)
                .anyMatch(l -> l.endsWith(" NO Request is throttled. Suggested Backoff Time: 299609 milliseconds"));
    }

    @Test
    void pythonImaplibSeesTheThrottlingNoAndThenALostConnection() throws Exception {
        ExternalClient.assumeInstalled("python3");
        emulator.useScenario("imap-throttled");
        String script = String.join("\n",
                "import imaplib, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[3])",
                "m = imaplib.IMAP4_SSL(sys.argv[1], int(sys.argv[2]), ssl_context=ctx, timeout=2)",
                "print('login', m.login(sys.argv[4], sys.argv[5])[0])",
                "typ, data = m.select('INBOX')",
                "print('select', typ, data[0].decode())",
                "try:",
                "    m.noop()",
                "except imaplib.IMAP4.abort as e:",
                "    print('abort', type(e).__name__)");
        Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.IMAPS)), emulator.certificates().caPem().toString(), ADELE,
                PASSWORD), "");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("login OK")
                .contains("select NO Request is throttled. Suggested Backoff Time: 299609 milliseconds")
                .contains("abort");
    }

    // ---- the seed's common configuration errors ----

    @Test
    void basicAuthDisabledRefusesAngusMailWithOffice365sExactText() throws Exception {
        emulator.useScenario("basic-auth-disabled");
        assertThatThrownBy(() -> connected(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("Basic authentication is disabled.");
    }

    @Test
    void badCredentialsRefusesLoginAndAuthenticateLikeAWrongPassword() throws Exception {
        emulator.useScenario("bad-credentials");
        assertThatThrownBy(() -> angus(false, true).connect(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("LOGIN failed.");
        assertThatThrownBy(() -> connected(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("AUTHENTICATE failed.");
        assertThat(firedRules()).containsExactly("logon-failure", "logon-failure");
    }

    @Test
    void port993BlockedTimesOutAngusMailsConnect() {
        emulator.useScenario("port-993-blocked");
        assertThatThrownBy(() -> connected(ADELE, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class)
                .rootCause().hasMessageContaining("timed out");
    }

    @Test
    void securityDefaultsAndConditionalAccessRefuseThePasswordWithLoginFailed() {
        emulator.useScenario("security-defaults");
        assertThatThrownBy(() -> angus(false, true).connect(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage("LOGIN failed.");
        emulator.useScenario("conditional-access-mfa");
        assertThatThrownBy(() -> angus(false, true).connect(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage("LOGIN failed.");
    }

    // ---- rules of docs/scenarios.md through a real client ----

    @Test
    void failTwiceThenSucceed() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: imap-fail-twice
                extends: office365
                rules:
                  - id: fail-twice
                    when: { protocol: imap, stage: auth, times: 2 }
                    then: { preset: bad-credentials }
                """, "inline"));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> connected(ADELE, PASSWORD))
                    .isInstanceOf(AuthenticationFailedException.class).hasMessage("AUTHENTICATE failed.");
        }
        Store store = connected(ADELE, PASSWORD);
        assertThat(store.isConnected()).isTrue();
        store.close();
        assertThat(firedRules()).containsExactly("fail-twice", "fail-twice");
    }

    @Test
    void theAccountLocksAfterThreeFailedLogins() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: imap-lockout
                extends: office365
                rules:
                  - { id: wrong-1, when: { protocol: imap, stage: auth, scope: user, state: Started, next: Failed1 }, then: { preset: bad-credentials } }
                  - { id: wrong-2, when: { protocol: imap, stage: auth, scope: user, state: Failed1, next: Failed2 }, then: { preset: bad-credentials } }
                  - { id: wrong-3, when: { protocol: imap, stage: auth, scope: user, state: Failed2, next: Locked }, then: { preset: bad-credentials } }
                  - id: locked
                    when: { protocol: imap, stage: auth, scope: user, state: Locked }
                    then: { reply: { code: 535, enhanced: 5.7.139, text: "Authentication unsuccessful, the user account is locked." } }
                """, "inline"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> angus(false, true).connect(ADELE, "wrong"))
                    .isInstanceOf(AuthenticationFailedException.class).hasMessage("LOGIN failed.");
        }
        assertThatThrownBy(() -> angus(false, true).connect(ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("Authentication unsuccessful, the user account is locked.");
        // Per user: another mailbox starts its own count (these rules refuse every login, right or wrong).
        assertThatThrownBy(() -> angus(false, true).connect(DefaultTenant.ALEX, DefaultTenant.ALEX_PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage("LOGIN failed.");
        assertThat(firedRules()).containsExactly("wrong-1", "wrong-2", "wrong-3", "locked", "wrong-1");
    }

    @Test
    void aStartTlsHandshakeFailureReachesAngusMailAsAnSslHandshakeException() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: imap-bad-tls
                extends: office365
                rules:
                  - { id: bad-tls, when: { protocol: imap, stage: starttls }, then: { fault: tls-handshake-failure } }
                """, "inline"));
        assertThatThrownBy(() -> angus(true, false).connect(ADELE, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasRootCauseInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessageContaining("handshake_failure");
        assertThat(firedRules()).containsExactly("bad-tls");
    }

    @Test
    void aDelayedCommandIsAnsweredLateAndPipelinedCommandsKeepTheirOrder() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: imap-slow-noop
                extends: office365
                rules:
                  - { id: slow-noop, when: { protocol: imap, command: NOOP, times: 1 }, then: { delay: { millis: 300 } } }
                """, "inline"));
        try (LineClient c = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.certificates().clientSslContext(), "outlook.office365.com")) {
            c.readLine();
            long start = System.nanoTime();
            c.sendRaw("a1 NOOP\r\na2 CAPABILITY\r\n");
            assertThat(c.readLine()).isEqualTo("a1 OK NOOP completed.");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(c.readLine()).startsWith("* CAPABILITY ");
            assertThat(c.readLine()).isEqualTo("a2 OK CAPABILITY completed.");
        }
        SessionRecord session = emulator.journal().sessions().get(0);
        assertThat(session.ruleIds()).containsExactly("slow-noop");
    }

    @Test
    void aUidFetchMatchesACommandFetchRuleAndLogoutIsItsOwnStage() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: imap-fetch-and-logout
                extends: office365
                rules:
                  - { id: fetch-no, when: { protocol: imap, command: FETCH }, then: { reply: { imap: "no", text: "Server Unavailable. 15" } } }
                  - { id: logout-reset, when: { protocol: imap, stage: logout }, then: { fault: connection-reset } }
                """, "inline"));
        try (LineClient c = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.certificates().clientSslContext(), "outlook.office365.com")) {
            c.readLine();
            c.send("a1 LOGIN " + ADELE + " " + PASSWORD);
            c.readLine();
            c.send("a2 SELECT INBOX");
            assertThat(c.readUntil("a2 ")).last().asString().startsWith("a2 OK");
            c.send("a3 UID FETCH 1:* (FLAGS)");
            assertThat(c.readLine()).isEqualTo("a3 NO Server Unavailable. 15");
            c.send("a4 LOGOUT");
            assertThatThrownBy(c::readLine).isInstanceOf(java.net.SocketException.class)
                    .hasMessageContaining("reset");
        }
        assertThat(firedRules()).containsExactly("fetch-no", "logout-reset");
    }

    private static boolean isOpen(Store store) {
        try {
            // A NOOP on a closed connection fails; isConnected() alone may trust a stale flag.
            store.getFolder("INBOX").exists();
            return store.isConnected();
        } catch (StoreClosedException e) {
            return false;
        } catch (MessagingException e) {
            return false;
        }
    }
}
