package dev.o365emulator.server.internal.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.LineClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IMAP's and POP3's findings, provoked with raw sockets; Python's imaplib and poplib used sanely get none. */
class ImapPop3FindingsIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String PASSWORD = DefaultTenant.ADELE_PASSWORD;

    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(java.util.Set.of(Endpoint.IMAPS, Endpoint.POP3S)).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void fill() {
        emulator.reset();
        Internals.of(emulator).journal().clear();
        for (int i = 0; i < 2; i++) {
            Internals.of(emulator).store().open(ADELE).inbox().append(Internals.of(emulator).store().newMessage(("From: alex@contoso.com\r\n"
                    + "Subject: m" + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)), Flags.NONE);
        }
    }

    @Test
    void popDeleWithoutUidlAndACloseWithoutQuitAreFound() throws Exception {
        try (LineClient pop = LineClient.connectTls(emulator.address(Endpoint.POP3S),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            pop.readLine();
            pop.send("USER " + ADELE);
            pop.readLine();
            pop.send("PASS " + PASSWORD);
            assertThat(pop.readLine()).startsWith("+OK");
            pop.send("DELE 1");
            assertThat(pop.readLine()).startsWith("+OK");
        }
        assertThat(findings(Endpoint.POP3S, 2)).containsExactly("dele-without-uidl", "no-quit");
        assertThat(Internals.of(emulator).store().open(ADELE).inbox().exists()).as("the deletion was lost").isEqualTo(2);
    }

    @Test
    void imapCloseWithoutLogoutIsFound() throws Exception {
        try (LineClient imap = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            imap.readLine();
            imap.send("a1 LOGIN " + ADELE + " " + PASSWORD);
            imap.readUntil("a1 ");
            imap.send("a2 SELECT INBOX");
            imap.readUntil("a2 ");
        }
        assertThat(findings(Endpoint.IMAPS, 1)).containsExactly("no-logout");
    }

    @Test
    void pythonPoplibAndImaplibUsedSanelyGetNone() throws Exception {
        ExternalClient.assumeInstalled("python3");
        String script = String.join("\n",
                "import imaplib, poplib, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[3])",
                "ctx.check_hostname = False",
                "p = poplib.POP3_SSL(sys.argv[1], int(sys.argv[2]), context=ctx, timeout=10)",
                "p.user('adele@contoso.com'); p.pass_('Passw0rd!adele')",
                "ids = p.uidl()[1]",
                "p.retr(1); p.dele(1); p.quit()",
                "m = imaplib.IMAP4_SSL(sys.argv[1], int(sys.argv[4]), ssl_context=ctx)",
                "m.login('adele@contoso.com', 'Passw0rd!adele')",
                "m.select('INBOX'); m.fetch('1', '(BODY.PEEK[HEADER])'); m.close(); m.logout()",
                "print('done', len(ids))");
        ExternalClient.Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.POP3S)), Internals.of(emulator).certificates().caPem().toString(),
                String.valueOf(emulator.port(Endpoint.IMAPS))), "");
        assertThat(result.output()).as(result.output()).contains("done 2");
        Await.until("both sessions to close", Duration.ofSeconds(10),
                () -> Internals.of(emulator).journal().sessions(r -> r.end().isPresent()).size() == 2);
        assertThat(Internals.of(emulator).journal().sessions()).flatExtracting(SessionRecord::findings).isEmpty();
        assertThat(Internals.of(emulator).store().open(ADELE).inbox().exists()).isEqualTo(1);
    }

    @Test
    void reconnectingToSelectTheInboxAgainAndAgainIsPollingAndAClientThatIdlesIsNot() throws Exception {
        // From addresses of their own: the tracker remembers clients across tests.
        for (int i = 0; i < 3; i++) {
            try (LineClient imap = imapFrom("127.0.0.4")) {
                imap.send("a2 SELECT INBOX");
                imap.readUntil("a2 ");
                imap.send("a3 LOGOUT");
                imap.readUntil("a3 ");
            }
        }
        try (LineClient imap = imapFrom("127.0.0.5")) {
            imap.send("a2 SELECT INBOX");
            imap.readUntil("a2 ");
            imap.send("a3 IDLE");
            assertThat(imap.readLine()).startsWith("+ ");
            imap.send("DONE");
            assertThat(imap.readUntil("a3 ")).last().asString().startsWith("a3 OK");
            for (int i = 0; i < 3; i++) {
                imap.send("b" + i + " STATUS INBOX (MESSAGES)");
                imap.readUntil("b" + i + " ");
            }
            imap.send("a4 LOGOUT");
            imap.readUntil("a4 ");
        }
        Await.until("four sessions to close", Duration.ofSeconds(10),
                () -> Internals.of(emulator).journal().sessions(r -> r.end().isPresent()).size() == 4);
        List<SessionRecord> sessions = Internals.of(emulator).journal().sessions();
        assertThat(sessions).extracting(r -> r.findings().stream().map(Finding::id).toList()).containsExactly(
                List.of(), List.of(), List.of("poll-instead-of-idle"), List.of());
        SessionRecord poller = sessions.get(2);
        assertThat(poller.transcript().get((int) (poller.findings().get(0).line() - poller.droppedLines())).text())
                .isEqualTo("a2 SELECT INBOX");
    }

    @Test
    void pythonImaplibFetchingEveryBodyOfAHundredMessagesIsFoundAndItsHeadersOrFewerBodiesAreNot() throws Exception {
        ExternalClient.assumeInstalled("python3");
        for (int i = 2; i < FindingKinds.FETCH_ALL_BODIES_MESSAGES; i++) {
            Internals.of(emulator).store().open(ADELE).inbox().append(Internals.of(emulator).store().newMessage(("From: alex@contoso.com\r\n"
                    + "Subject: m" + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)), Flags.NONE);
        }
        String script = String.join("\n",
                "import imaplib, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[3])",
                "ctx.check_hostname = False",
                "def bodies(data):",
                "    return len([d for d in data if isinstance(d, tuple)])",
                "def login():",
                "    m = imaplib.IMAP4_SSL(sys.argv[1], int(sys.argv[2]), ssl_context=ctx)",
                "    m.login('adele@contoso.com', 'Passw0rd!adele')",
                "    m.select('INBOX')",
                "    return m",
                "m = login()",
                "print('headers', bodies(m.fetch('1:*', '(BODY.PEEK[HEADER])')[1]))",
                "print('batch', bodies(m.fetch('1:99', '(BODY.PEEK[])')[1]))",
                "m.close(); m.logout()",
                "m = login()",
                "print('all', bodies(m.fetch('1:*', '(RFC822)')[1]))",
                "m.close(); m.logout()");
        ExternalClient.Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.IMAPS)), Internals.of(emulator).certificates().caPem().toString()), "");
        assertThat(result.output()).as(result.output()).contains("headers 100", "batch 99", "all 100");
        Await.until("both sessions to close", Duration.ofSeconds(10),
                () -> Internals.of(emulator).journal().sessions(r -> r.end().isPresent()).size() == 2);
        List<SessionRecord> sessions = Internals.of(emulator).journal().sessions();
        assertThat(sessions).extracting(r -> r.findings().stream().map(Finding::id).toList())
                .containsExactly(List.of(), List.of("fetch-all-bodies"));
        SessionRecord all = sessions.get(1);
        assertThat(all.transcript().get((int) (all.findings().get(0).line() - all.droppedLines())).text())
                .endsWith(" FETCH 1:* (RFC822)");
    }

    private static LineClient imapFrom(String address) throws Exception {
        LineClient imap = LineClient.connectFrom(new java.net.InetSocketAddress(address, 0),
                emulator.address(Endpoint.IMAPS));
        imap.startTls(Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com");
        imap.readLine();
        imap.send("a1 LOGIN " + ADELE + " " + PASSWORD);
        assertThat(imap.readUntil("a1 ")).last().asString().startsWith("a1 OK");
        return imap;
    }

    /** The finding ids of the endpoint's one session, once it holds {@code count} of them. */
    private static List<String> findings(Endpoint endpoint, int count) {
        // End-of-session findings are judged as the session handler sees the close, just after the record ends.
        Await.until(count + " findings", Duration.ofSeconds(10), () -> Internals.of(emulator).journal()
                .sessions(r -> r.endpoint() == endpoint).stream().mapToInt(r -> r.findings().size()).sum() >= count);
        return Internals.of(emulator).journal().sessions(r -> r.endpoint() == endpoint).get(0).findings().stream()
                .map(Finding::id).toList();
    }
}
