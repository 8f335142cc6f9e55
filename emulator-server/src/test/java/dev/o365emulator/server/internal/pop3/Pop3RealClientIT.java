package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.ExternalClient.Result;
import dev.o365emulator.server.testing.ExternalClient;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.o365emulator.server.internal.pop3.Pop3SessionIT.ADELE;
import static dev.o365emulator.server.internal.pop3.Pop3SessionIT.ADELE_PASSWORD;
import static dev.o365emulator.server.internal.pop3.Pop3SessionIT.deliver;
import static dev.o365emulator.server.internal.pop3.Pop3SessionIT.inbox;
import static dev.o365emulator.server.internal.pop3.Pop3SessionIT.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real POP3 clients against the emulator: Angus Mail's POP3 store, Python's poplib and curl. */
class Pop3RealClientIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.POP3, Endpoint.POP3S));
    private static String ca;

    @BeforeAll
    static void start() {
        ca = emulator.certificates().caPem().toString();
    }

    // ---- Angus Mail ----

    private static Store angus(String protocol, Endpoint endpoint) throws Exception {
        Properties props = new Properties();
        String p = "mail." + protocol + ".";
        props.put(p + "host", "127.0.0.1");
        props.put(p + "port", String.valueOf(emulator.port(endpoint)));
        props.put(p + "ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "connectiontimeout", "5000");
        props.put(p + "timeout", "5000");
        if (endpoint == Endpoint.POP3) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        return Session.getInstance(props).getStore(protocol);
    }

    @Test
    void angusMailOverImplicitTlsRetrievesEveryMessageByteIdenticalAndDeletesOnClose() throws Exception {
        deliver(emulator, ADELE, message(1), message(2), message(3));
        try (Store store = angus("pop3s", Endpoint.POP3S)) {
            store.connect(ADELE, ADELE_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] messages = inbox.getMessages();
            assertThat(messages).hasSize(3);
            for (int i = 0; i < messages.length; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                messages[i].writeTo(out);
                assertThat(out.toByteArray()).isEqualTo(message(i + 1));
            }
            messages[0].setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
        }
        assertThat(inbox(emulator, ADELE).exists()).isEqualTo(2);
    }

    @Test
    void angusMailUpgradesPort110WithStlsAndReadsTheInbox() throws Exception {
        deliver(emulator, ADELE, message(1));
        try (Store store = angus("pop3", Endpoint.POP3)) {
            store.connect(ADELE, ADELE_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("message 1");
            inbox.close(false);
        }
        assertThat(emulator.journal().sessions()).anySatisfy(s -> {
            assertThat(s.endpoint()).isEqualTo(Endpoint.POP3);
            assertThat(s.tls()).isPresent();
            assertThat(s.user()).contains(ADELE);
        });
    }

    // Angus Mail logs in with USER/PASS (its POP3 SASL is off by default), so it reports the PASS text.
    @Test
    void angusMailReportsABadPasswordAsAuthenticationFailed() throws Exception {
        try (Store store = angus("pop3s", Endpoint.POP3S)) {
            assertThatThrownBy(() -> store.connect(ADELE, "wrong"))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessage("Logon failure: unknown user name or bad password.");
        }
    }

    @Test
    void angusMailReportsPopDisabledForTheMailboxAsAuthenticationFailed() throws Exception {
        emulator.tenant().updateMailbox(ADELE, b -> b.popEnabled(false));
        try (Store store = angus("pop3s", Endpoint.POP3S)) {
            assertThatThrownBy(() -> store.connect(ADELE, ADELE_PASSWORD))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessage("Logon failure: unknown user name or bad password.");
        }
    }

    // ---- Python poplib ----

    private static final String POPLIB = String.join("\n",
            "import poplib, ssl, sys, hashlib",
            "host, port, ca, mode, user, password, action = sys.argv[1:8]",
            "ctx = ssl.create_default_context(cafile=ca)",
            "try:",
            "    if mode == 'ssl':",
            "        p = poplib.POP3_SSL(host, int(port), context=ctx, timeout=10)",
            "    else:",
            "        p = poplib.POP3(host, int(port), timeout=10)",
            "        p.stls(context=ctx)",
            "    p.user(user)",
            "    p.pass_(password)",
            "    count, size = p.stat()",
            "    print('stat', count, size)",
            "    if action == 'retr':",
            "        for i in range(1, count + 1):",
            "            resp, lines, octets = p.retr(i)",
            "            print('message', i, hashlib.sha256(b'\\r\\n'.join(lines) + b'\\r\\n').hexdigest())",
            "        p.quit()",
            "    elif action == 'top':",
            "        resp, lines, octets = p.top(1, 1)",
            "        print('top', lines)",
            "        p.quit()",
            "    elif action == 'dele-quit':",
            "        print(p.dele(1))",
            "        p.quit()",
            "    elif action == 'dele-drop':",
            "        print(p.dele(1))",
            "        p.sock.close()",
            "    elif action == 'dele-rset':",
            "        print(p.dele(1))",
            "        print(p.rset())",
            "        print('stat', p.stat())",
            "        p.quit()",
            "except poplib.error_proto as e:",
            "    print('error_proto', e)",
            "    sys.exit(3)");

    private static Result poplib(String mode, String password, String action) throws Exception {
        ExternalClient.assumeInstalled("python3");
        Endpoint endpoint = mode.equals("ssl") ? Endpoint.POP3S : Endpoint.POP3;
        return ExternalClient.run(List.of("python3", "-c", POPLIB, "127.0.0.1",
                String.valueOf(emulator.port(endpoint)), ca, mode, ADELE, password, action), "");
    }

    @Test
    void poplibOverSslAndOverStlsRetrievesEveryMessageByteIdentical() throws Exception {
        deliver(emulator, ADELE, message(1), message(2));
        for (String mode : List.of("ssl", "stls")) {
            Result result = poplib(mode, ADELE_PASSWORD, "retr");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output())
                    .contains("stat 2 " + (message(1).length + message(2).length))
                    .contains("message 1 " + sha256(message(1)))
                    .contains("message 2 " + sha256(message(2)));
        }
    }

    @Test
    void poplibTopReturnsTheHeaderAndOneBodyLine() throws Exception {
        deliver(emulator, ADELE, message(1));
        Result result = poplib("ssl", ADELE_PASSWORD, "top");
        assertThat(result.output()).as(result.output()).contains("top [b'From: sender@example.com', "
                + "b'To: adele@contoso.com', b'Subject: message 1', b'Message-ID: <1@example.com>', b'', "
                + "b'First line of 1']");
    }

    @Test
    void poplibDeleThenQuitRemovesButDeleThenADroppedConnectionDoesNot() throws Exception {
        deliver(emulator, ADELE, message(1), message(2));
        Result dropped = poplib("ssl", ADELE_PASSWORD, "dele-drop");
        assertThat(dropped.exitCode()).as(dropped.output()).isZero();
        // The emulator notices the drop asynchronously; the lock must be gone before the next login.
        Await.until("the dropped session to end", Duration.ofSeconds(5), () -> emulator.journal().sessions()
                .stream().allMatch(s -> s.end().isPresent()));
        assertThat(inbox(emulator, ADELE).exists()).isEqualTo(2);

        Result quit = poplib("ssl", ADELE_PASSWORD, "dele-quit");
        assertThat(quit.exitCode()).as(quit.output()).isZero();
        assertThat(inbox(emulator, ADELE).exists()).isEqualTo(1);
    }

    @Test
    void poplibRsetRestoresTheDeletedMessage() throws Exception {
        deliver(emulator, ADELE, message(1), message(2));
        Result result = poplib("ssl", ADELE_PASSWORD, "dele-rset");
        assertThat(result.output()).as(result.output()).contains("stat (2, " + (message(1).length + message(2).length) + ")");
        assertThat(inbox(emulator, ADELE).exists()).isEqualTo(2);
    }

    @Test
    void poplibSeesEachPolicyRefusalAsErrorProto() throws Exception {
        Result bad = poplib("ssl", "wrong", "retr");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.output()).contains("error_proto b'-ERR Logon failure: unknown user name or bad password.'");

        emulator.tenant().update(b -> b.basicAuthBlocked(Protocol.POP3, true));
        Result blocked = poplib("stls", ADELE_PASSWORD, "retr");
        assertThat(blocked.output()).contains("error_proto b'-ERR Logon failure: unknown user name or bad password.'");
    }

    // ---- curl ----

    private static Result curl(String path, String password) throws Exception {
        ExternalClient.assumeInstalled("curl");
        return ExternalClient.run("curl", "-sS", "--max-time", "20", "--cacert", ca,
                "pop3s://127.0.0.1:" + emulator.port(Endpoint.POP3S) + path, "-u", ADELE + ":" + password);
    }

    @Test
    void curlListsTheInboxAndRetrievesAMessageByteIdentical() throws Exception {
        deliver(emulator, ADELE, message(1), message(2));
        Result list = curl("/", ADELE_PASSWORD);
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).isEqualTo("1 " + message(1).length + "\r\n2 " + message(2).length + "\r\n");
        Result retr = curl("/2", ADELE_PASSWORD);
        assertThat(retr.exitCode()).as(retr.output()).isZero();
        assertThat(retr.output()).isEqualTo(new String(message(2), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void curlFailsTheLoginWithExitCode67() throws Exception {
        Result bad = curl("/", "wrong");
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(67);
        emulator.tenant().updateMailbox(ADELE, b -> b.popEnabled(false));
        Result disabled = curl("/", ADELE_PASSWORD);
        assertThat(disabled.exitCode()).as(disabled.output()).isEqualTo(67);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
