package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.imap.ImapRequestDecoder;
import dev.o365emulator.codec.sasl.PlainExchange;
import dev.o365emulator.codec.sasl.XOAuth2Exchange;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.HostileClients;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The IMAP dialogue over real sockets, line by line: states, Office 365's texts, policy, updates between sessions. */
class ImapSessionIT {

    private static final String ADELE = DefaultTenant.ADELE;
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAP, Endpoint.IMAPS));
    private static SSLContext trust;

    @BeforeAll
    static void start() {
        trust = emulator.certificates().clientSslContext();
    }

    private static LineClient connect() throws IOException {
        LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS), trust, "outlook.office365.com");
        assertThat(client.readLine()).startsWith("* OK The Microsoft Exchange IMAP4 service is ready. [");
        return client;
    }

    private static LineClient loggedIn(String user, String password) throws IOException {
        LineClient client = connect();
        client.send("l1 LOGIN " + user + " " + password);
        assertThat(client.readLine()).isEqualTo("l1 OK LOGIN completed.");
        return client;
    }

    private static LineClient adele() throws IOException {
        return loggedIn(ADELE, DefaultTenant.ADELE_PASSWORD);
    }

    private static List<String> command(LineClient client, String tag, String command) throws IOException {
        client.send(tag + " " + command);
        return client.readUntil(tag + " ");
    }

    private static void deliver(String text) {
        emulator.delivery().deliver(ADELE, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String message(String subject) {
        return "From: alex@contoso.com\r\nTo: adele@contoso.com\r\nSubject: " + subject + "\r\n\r\nHello " + subject + "\r\n";
    }

    @Test
    void closesTheConnectionOnALineThatNeverEndsAfterABoundedNumberOfBytes() throws Exception {
        long limit = 32L * 1024 * 1024;
        HostileClients.Outcome outcome = HostileClients.endlessLine(emulator.address(Endpoint.IMAP), "e1 NOOP ", limit);

        assertThat(outcome.closedByServer()).isTrue();
        assertThat(outcome.bytesSent()).as("bytes the client could send before the close").isLessThan(limit / 4);
        SessionRecord session = emulator.journal().sessions().stream()
                .filter(s -> s.protocolErrors().stream().anyMatch(e -> e.startsWith("endless command line")))
                .findFirst().orElseThrow();
        Await.until("the session to end", Duration.ofSeconds(10), () -> session.end().isPresent());
        assertThat(session.transcript()).map(TranscriptLine::toString)
                .contains("S: e1 BAD Command Error. 10", "S: * BYE Connection is closed. 10");
    }

    @Test
    void answersAnOverlongLineOfGarbageUntaggedWithoutEchoingIt() throws IOException {
        try (LineClient c = connect()) {
            c.sendRaw("A".repeat(ImapRequestDecoder.DEFAULT_MAX_LINE_LENGTH + 100) + "\r\n");
            assertThat(c.readLine()).isEqualTo("* BAD Command Error. 10");
            // A tag one character longer than the decoder reads as one is no tag either.
            c.send("t".repeat(65) + " NOOP");
            assertThat(c.readLine()).isEqualTo("* BAD Command Error. 10");
            c.send("n1 NOOP");
            assertThat(c.readLine()).isEqualTo("n1 OK NOOP completed.");
        }
    }

    @Test
    void answersAnIdOfTheLargestSizeRfc2971AllowsAndALongerLineWithBad() throws IOException {
        // 30 pairs of a 30-octet field and a 1,024-octet value: about 32 KB on one line.
        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            pairs.append(i == 0 ? "" : " ").append("\"f%029d\" \"%s\"".formatted(i, "v".repeat(1024)));
        }
        try (LineClient c = connect()) {
            c.send("i1 ID (" + pairs + ")");
            assertThat(c.readLine()).isEqualTo("* ID NIL");
            assertThat(c.readLine()).isEqualTo("i1 OK ID completed.");
            c.send("i2 ID (\"name\" \"" + "x".repeat(ImapRequestDecoder.DEFAULT_MAX_LINE_LENGTH) + "\")");
            assertThat(c.readLine()).isEqualTo("i2 BAD Command Error. 10");
            c.send("i3 NOOP");
            assertThat(c.readLine()).isEqualTo("i3 OK NOOP completed.");
        }
    }

    @Test
    void listsCapabilitiesBeforeAndAfterLogin() throws IOException {
        try (LineClient client = connect()) {
            assertThat(command(client, "a1", "CAPABILITY")).containsExactly("* " + ImapReplies.CAPABILITY_PRE_AUTH,
                    "a1 OK CAPABILITY completed.");
            client.send("a2 LOGIN " + ADELE + " " + DefaultTenant.ADELE_PASSWORD);
            assertThat(client.readLine()).isEqualTo("a2 OK LOGIN completed.");
            assertThat(command(client, "a3", "CAPABILITY")).containsExactly("* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN"
                    + " AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION"
                    + " BACKENDAUTHENTICATE CHILDREN IDLE NAMESPACE LITERAL+", "a3 OK CAPABILITY completed.");
        }
    }

    @Test
    void refusesLoginOnPort143BeforeStartTlsAndAcceptsItAfter() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.IMAP))) {
            client.readLine();
            assertThat(command(client, "a1", "LOGIN " + ADELE + " " + DefaultTenant.ADELE_PASSWORD))
                    .containsExactly("a1 BAD Command received in Invalid state.");
            client.send("a2 STARTTLS");
            assertThat(client.readLine()).isEqualTo("a2 OK Begin TLS negotiation now.");
            client.startTls(trust, "outlook.office365.com");
            assertThat(command(client, "a3", "LOGIN " + ADELE + " " + DefaultTenant.ADELE_PASSWORD))
                    .containsExactly("a3 OK LOGIN completed.");
            assertThat(command(client, "a4", "STARTTLS")).containsExactly("a4 BAD Command received in Invalid state.");
        }
    }

    @Test
    void answersWrongStateUnknownCommandsAndBadSyntaxWithoutDroppingTheConnection() throws IOException {
        try (LineClient client = connect()) {
            assertThat(command(client, "a1", "SELECT INBOX")).containsExactly("a1 BAD Command received in Invalid state.");
            assertThat(command(client, "a2", "FROBNICATE")).containsExactly("a2 BAD Command Error. 10");
            client.send("a3 LOGIN \"unterminated");
            assertThat(client.readLine()).isEqualTo("a3 BAD Command Error. 10");
            client.send("\"");
            assertThat(client.readLine()).isEqualTo("* BAD Command Error. 10");
            assertThat(command(client, "a4", "NOOP")).containsExactly("a4 OK NOOP completed.");
            client.send("a5 LOGIN " + ADELE + " " + DefaultTenant.ADELE_PASSWORD);
            client.readLine();
            assertThat(command(client, "a6", "FETCH 1 FLAGS")).containsExactly("a6 BAD Command received in Invalid state.");
            assertThat(command(client, "a7", "SELECT")).containsExactly("a7 BAD Command Argument Error. 11");
        }
    }

    @Test
    void refusesABadPasswordWithOffice365sText() throws IOException {
        try (LineClient client = connect()) {
            assertThat(command(client, "a1", "LOGIN " + ADELE + " wrong")).containsExactly("a1 NO LOGIN failed.");
            assertThat(command(client, "a2", "AUTHENTICATE PLAIN " + PlainExchange.clientResponse("", ADELE, "wrong")))
                    .containsExactly("a2 NO AUTHENTICATE failed.");
        }
    }

    @Test
    void authenticatesWithPlainWithAndWithoutInitialResponse() throws IOException {
        try (LineClient client = connect()) {
            String response = PlainExchange.clientResponse("", ADELE, DefaultTenant.ADELE_PASSWORD);
            assertThat(command(client, "a1", "AUTHENTICATE PLAIN " + response)).containsExactly("a1 OK AUTHENTICATE completed.");
        }
        try (LineClient client = connect()) {
            client.send("a1 AUTHENTICATE PLAIN");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.send(PlainExchange.clientResponse("", ADELE, DefaultTenant.ADELE_PASSWORD));
            assertThat(client.readLine()).isEqualTo("a1 OK AUTHENTICATE completed.");
        }
        assertThat(emulator.journal().sessions().get(emulator.journal().sessions().size() - 1).transcript())
                .noneMatch(line -> line.text().contains(DefaultTenant.ADELE_PASSWORD));
    }

    @Test
    void authenticatesWithXoauth2AndReportsATokenWithoutImapScopeAsNotConnected() throws IOException {
        emulator.tokens().register("good-token", ADELE);
        try (LineClient client = connect()) {
            client.send("a1 AUTHENTICATE XOAUTH2");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.send(XOAuth2Exchange.clientResponse(ADELE, "good-token"));
            assertThat(client.readLine()).isEqualTo("a1 OK AUTHENTICATE completed.");
            assertThat(command(client, "a2", "NAMESPACE")).containsExactly("* NAMESPACE ((\"\" \"/\")) NIL NIL",
                    "a2 OK NAMESPACE completed.");
        }
        try (LineClient client = connect()) {
            assertThat(command(client, "a1", "AUTHENTICATE XOAUTH2 " + XOAuth2Exchange.clientResponse(ADELE, "unknown")))
                    .containsExactly("a1 NO AUTHENTICATE failed.");
        }
    }

    @Test
    void acceptsALoginToAMailboxWithImapDisabledThenRefusesAndClosesAfterTheSecondCommand() throws IOException {
        emulator.tenant().updateMailbox(ADELE, m -> m.imapEnabled(false));
        try (LineClient client = connect()) {
            assertThat(command(client, "a1", "LOGIN " + ADELE + " " + DefaultTenant.ADELE_PASSWORD))
                    .containsExactly("a1 OK LOGIN completed.");
            assertThat(command(client, "a2", "NAMESPACE")).containsExactly("a2 BAD User is authenticated but not connected.");
            client.send("a3 SELECT INBOX");
            assertThat(client.readLine()).isEqualTo("a3 BAD User is authenticated but not connected.");
            assertThat(client.readLine()).isEqualTo("* BYE Connection closed. 14");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void refusesBasicAuthWhenThePolicyBlocksItAndSignsOff() throws IOException {
        emulator.tenant().update(s -> s.basicAuthBlocked(Protocol.IMAP, true));
        try (LineClient client = connect()) {
            client.send("a1 LOGIN " + ADELE + " " + DefaultTenant.ADELE_PASSWORD);
            assertThat(client.readLine()).isEqualTo("a1 NO Basic authentication is disabled.");
            assertThat(client.readLine()).isEqualTo("* BYE Microsoft Exchange Server IMAP4 server signing off.");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void reportsConnectionsOverTheMailboxLimitAsNotConnected() throws IOException {
        emulator.tenant().update(s -> s.limits(new Limits(Limits.DEFAULT_MAX_RECIPIENTS_PER_MESSAGE,
                Limits.DEFAULT_MESSAGES_PER_MINUTE, Limits.DEFAULT_RECIPIENTS_PER_DAY,
                Limits.DEFAULT_CONCURRENT_SUBMISSIONS, 1)));
        try (LineClient first = adele(); LineClient second = adele()) {
            assertThat(command(first, "a1", "NOOP")).containsExactly("a1 OK NOOP completed.");
            assertThat(command(second, "a1", "NOOP")).containsExactly("a1 BAD User is authenticated but not connected.");
        }
        Await.until("the slots to be given back", Duration.ofSeconds(5),
                () -> emulator.tenant().imapConnections().inUse(ADELE) == 0);
    }

    @Test
    void listsTheBusinessFoldersWithTheirAttributes() throws IOException {
        deliver(message("unread"));
        try (LineClient client = adele()) {
            assertThat(command(client, "a1", "LIST \"\" \"*\"")).containsExactly(
                    "* LIST (\\Marked \\HasNoChildren) \"/\" INBOX",
                    "* LIST (\\HasNoChildren \\Archive) \"/\" Archive",
                    "* LIST (\\HasNoChildren) \"/\" Calendar",
                    "* LIST (\\HasNoChildren) \"/\" Contacts",
                    "* LIST (\\HasNoChildren) \"/\" \"Conversation History\"",
                    "* LIST (\\HasNoChildren \\Trash) \"/\" \"Deleted Items\"",
                    "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts",
                    "* LIST (\\HasNoChildren) \"/\" Journal",
                    "* LIST (\\HasNoChildren \\Junk) \"/\" \"Junk Email\"",
                    "* LIST (\\HasNoChildren) \"/\" Notes",
                    "* LIST (\\HasNoChildren) \"/\" Outbox",
                    "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"",
                    "* LIST (\\HasNoChildren) \"/\" Tasks",
                    "a1 OK LIST completed.");
            assertThat(command(client, "a2", "CREATE \"Projects/2026\"")).containsExactly("a2 OK CREATE completed.");
            assertThat(command(client, "a3", "LIST \"\" \"Pro%\"")).containsExactly(
                    "* LIST (\\HasChildren) \"/\" Projects", "a3 OK LIST completed.");
            assertThat(command(client, "a4", "CREATE Entw&APw-rfe")).containsExactly("a4 OK CREATE completed.");
            assertThat(emulator.store().open(ADELE).folder("Entwürfe")).isPresent();
            assertThat(command(client, "a5", "LIST \"\" Entw*")).containsExactly(
                    "* LIST (\\HasNoChildren) \"/\" Entw&APw-rfe", "a5 OK LIST completed.");
            assertThat(command(client, "a6", "RENAME Projects Archive2")).containsExactly("a6 OK RENAME completed.");
            assertThat(command(client, "a7", "DELETE Archive2")).containsExactly("a7 OK DELETE completed.");
            assertThat(command(client, "a8", "DELETE INBOX")).containsExactly("a8 NO DELETE failed.");
            assertThat(command(client, "a9", "LIST \"\" \"\"")).containsExactly("* LIST (\\Noselect) \"/\" \"\"",
                    "a9 OK LIST completed.");
        }
    }

    @Test
    void selectsAndExaminesWithOffice365sLines() throws IOException {
        deliver(message("one"));
        MailFolder inbox = emulator.store().open(ADELE).inbox();
        try (LineClient client = adele()) {
            assertThat(command(client, "a1", "SELECT INBOX")).containsExactly("* 1 EXISTS", "* 0 RECENT",
                    "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)",
                    "* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent \\*)] Permanent flags",
                    "* OK [UNSEEN 1] Is the first unseen message",
                    "* OK [UIDVALIDITY " + inbox.uidValidity() + "] UIDVALIDITY value",
                    "* OK [UIDNEXT 2] The next unique identifier value",
                    "a1 OK [READ-WRITE] SELECT completed.");
            assertThat(command(client, "a2", "EXAMINE INBOX")).last().isEqualTo("a2 OK [READ-ONLY] EXAMINE completed.");
            assertThat(command(client, "a3", "STORE 1 +FLAGS (\\Seen)")).containsExactly("a3 NO STORE failed.");
            assertThat(command(client, "a4", "SELECT Nowhere")).containsExactly("a4 NO SELECT failed.");
            assertThat(command(client, "a5", "FETCH 1 FLAGS")).containsExactly("a5 BAD Command received in Invalid state.");
            assertThat(command(client, "a6", "STATUS INBOX (MESSAGES UNSEEN UIDNEXT RECENT)")).containsExactly(
                    "* STATUS INBOX (MESSAGES 1 UNSEEN 1 UIDNEXT 2 RECENT 0)", "a6 OK STATUS completed.");
        }
    }

    @Test
    void appendsStoresCopiesMovesAndExpunges() throws IOException {
        try (LineClient client = adele()) {
            String body = message("appended");
            client.send("a1 APPEND INBOX (\\Flagged) \" 5-Jan-2026 10:00:00 +0100\" {" + body.length() + "+}");
            client.sendRaw(body + "\r\n");
            long validity = emulator.store().open(ADELE).inbox().uidValidity();
            assertThat(client.readLine()).isEqualTo("a1 OK [APPENDUID " + validity + " 1] APPEND completed.");
            command(client, "a2", "SELECT INBOX");
            assertThat(command(client, "a3", "FETCH 1 (UID FLAGS RFC822.SIZE INTERNALDATE)")).containsExactly(
                    "* 1 FETCH (UID 1 FLAGS (\\Flagged) RFC822.SIZE " + body.length()
                            + " INTERNALDATE \"05-Jan-2026 09:00:00 +0000\")", "a3 OK FETCH completed.");
            assertThat(command(client, "a4", "STORE 1 +FLAGS (\\Seen)")).containsExactly(
                    "* 1 FETCH (FLAGS (\\Seen \\Flagged))", "a4 OK STORE completed.");
            assertThat(command(client, "a5", "UID STORE 1 -FLAGS.SILENT (\\Flagged)")).containsExactly("a5 OK STORE completed.");
            long drafts = emulator.store().open(ADELE).folder("Drafts").orElseThrow().uidValidity();
            assertThat(command(client, "a6", "UID COPY 1 Drafts")).containsExactly(
                    "a6 OK [COPYUID " + drafts + " 1 1] COPY completed.");
            assertThat(command(client, "a7", "COPY 1 Nowhere")).containsExactly("a7 NO [TRYCREATE] COPY failed.");
            long junk = emulator.store().open(ADELE).folder("Junk Email").orElseThrow().uidValidity();
            assertThat(command(client, "a8", "MOVE 1 \"Junk Email\"")).containsExactly("* OK [COPYUID " + junk + " 1 1]",
                    "* 1 EXPUNGE", "* 0 EXISTS", "a8 OK MOVE completed.");
            command(client, "a9", "SELECT Drafts");
            assertThat(command(client, "b1", "STORE 1 +FLAGS.SILENT (\\Deleted)")).containsExactly("b1 OK STORE completed.");
            assertThat(command(client, "b2", "SEARCH DELETED")).containsExactly("* SEARCH 1", "b2 OK SEARCH completed.");
            assertThat(command(client, "b3", "EXPUNGE")).containsExactly("* 1 EXPUNGE", "b3 OK EXPUNGE completed.");
            assertThat(command(client, "b4", "CLOSE")).containsExactly("b4 OK CLOSE completed.");
            assertThat(command(client, "b5", "LOGOUT")).containsExactly(
                    "* BYE Microsoft Exchange Server IMAP4 server signing off.", "b5 OK LOGOUT completed.");
        }
    }

    @Test
    void showsOneSessionsChangesToAnotherAtNoopAndDuringIdle() throws IOException {
        deliver(message("first"));
        deliver(message("second"));
        try (LineClient watcher = adele(); LineClient actor = adele()) {
            command(watcher, "w1", "SELECT INBOX");
            command(actor, "a1", "SELECT INBOX");
            command(actor, "a2", "STORE 2 +FLAGS.SILENT (\\Seen)");
            assertThat(command(watcher, "w2", "NOOP")).containsExactly("* 2 FETCH (FLAGS (\\Seen))", "w2 OK NOOP completed.");
            command(actor, "a3", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            command(actor, "a4", "EXPUNGE");
            // No EXPUNGE while answering a FETCH (RFC 3501 §7.4.1): message 1 is still number 1 here.
            assertThat(command(watcher, "w3", "FETCH 2 UID")).containsExactly("* 2 FETCH (UID 2)", "w3 OK FETCH completed.");
            assertThat(command(watcher, "w4", "NOOP")).containsExactly("* 1 EXPUNGE", "* 1 EXISTS", "w4 OK NOOP completed.");
            watcher.send("w5 IDLE");
            assertThat(watcher.readLine()).isEqualTo("+ IDLE accepted, awaiting DONE command.");
            deliver(message("third"));
            assertThat(watcher.readLine()).isEqualTo("* 2 EXISTS");
            command(actor, "a5", "STORE 1 -FLAGS (\\Seen)");
            assertThat(watcher.readLine()).isEqualTo("* 1 FETCH (FLAGS ())");
            watcher.send("DONE");
            assertThat(watcher.readLine()).isEqualTo("w5 OK IDLE completed.");
        }
    }

    @Test
    void answersIdWithNil() throws IOException {
        try (LineClient client = connect()) {
            assertThat(command(client, "a1", "ID (\"name\" \"test\")")).containsExactly("* ID NIL", "a1 OK ID completed.");
        }
    }

    @Test
    void setsSeenWhenABodyIsFetchedWithoutPeek() throws IOException {
        deliver(message("read me"));
        try (LineClient client = adele()) {
            command(client, "a1", "SELECT INBOX");
            List<String> lines = command(client, "a2", "FETCH 1 BODY.PEEK[]");
            assertThat(lines.get(0)).startsWith("* 1 FETCH (BODY[] {");
            assertThat(emulator.store().open(ADELE).inbox().snapshot().messages().get(0).flags()).isEqualTo(Flags.NONE);
            command(client, "a3", "FETCH 1 (FLAGS BODY[])");
            assertThat(emulator.store().open(ADELE).inbox().snapshot().messages().get(0).flags()).isEqualTo(Flags.SEEN);
        }
    }

    @Test
    void streamsALargeAppendLiteralAndStoresItByteIdentical() throws IOException {
        StringBuilder text = new StringBuilder("Subject: large\r\n\r\n");
        while (text.length() < 200_000) {
            text.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        try (LineClient client = adele()) {
            client.send("a1 APPEND Drafts (\\Draft) {" + bytes.length + "}");
            assertThat(client.readLine()).isEqualTo("+ Ready for additional command text.");
            client.sendRaw(text + "\r\n");
            MailFolder drafts = emulator.store().open(ADELE).folder("Drafts").orElseThrow();
            assertThat(client.readLine()).isEqualTo("a1 OK [APPENDUID " + drafts.uidValidity() + " 1] APPEND completed.");
            java.nio.ByteBuffer stored = drafts.snapshot().messages().get(0).message().raw();
            byte[] copy = new byte[stored.remaining()];
            stored.get(copy);
            assertThat(copy).isEqualTo(bytes);
            assertThat(drafts.snapshot().messages().get(0).flags()).isEqualTo(Flags.of("\\Draft"));
        }
    }

    @Test
    void subscribesListsSubscriptionsUnselectsAndExpungesByUid() throws IOException {
        deliver(message("keep"));
        deliver(message("drop"));
        try (LineClient client = adele()) {
            assertThat(command(client, "a1", "CREATE Reports/")).containsExactly("a1 OK CREATE completed.");
            assertThat(command(client, "a2", "LSUB \"\" Reports")).containsExactly("a2 OK LSUB completed.");
            assertThat(command(client, "a3", "SUBSCRIBE Reports")).containsExactly("a3 OK SUBSCRIBE completed.");
            assertThat(command(client, "a4", "LSUB \"\" Rep*")).containsExactly(
                    "* LSUB (\\HasNoChildren) \"/\" Reports", "a4 OK LSUB completed.");
            assertThat(command(client, "a5", "UNSUBSCRIBE Reports")).containsExactly("a5 OK UNSUBSCRIBE completed.");
            command(client, "a6", "SELECT INBOX");
            command(client, "a7", "STORE 1:2 +FLAGS.SILENT (\\Deleted)");
            assertThat(command(client, "a8", "UID EXPUNGE 2")).containsExactly("* 2 EXPUNGE", "a8 OK EXPUNGE completed.");
            assertThat(command(client, "a9", "CHECK")).containsExactly("a9 OK CHECK completed.");
            assertThat(command(client, "b1", "UNSELECT")).containsExactly("b1 OK UNSELECT completed.");
            assertThat(emulator.store().open(ADELE).inbox().exists()).isEqualTo(1);
            assertThat(command(client, "b2", "UID SEARCH ALL")).containsExactly("b2 BAD Command received in Invalid state.");
        }
    }

    @Test
    void answersCommandsPipelinedBehindALargeFetchInOrder() throws IOException {
        String padding = "x".repeat(4000);
        for (int i = 0; i < 300; i++) {
            deliver(message("bulk " + i + " " + padding));
        }
        try (LineClient client = adele()) {
            command(client, "a1", "SELECT INBOX");
            client.sendRaw("a2 FETCH 1:* BODY.PEEK[]\r\na3 NOOP\r\na4 UID FETCH 300 (UID FLAGS)\r\n");
            List<String> lines = client.readUntil("a4 ");
            assertThat(lines.stream().filter(l -> l.startsWith("* ") && l.contains(" FETCH (BODY[] {"))).hasSize(300);
            assertThat(lines.stream().filter(l -> l.startsWith("a"))).containsExactly(
                    "a2 OK FETCH completed.", "a3 OK NOOP completed.", "a4 OK FETCH completed.");
            assertThat(lines).contains("* 300 FETCH (UID 300 FLAGS ())");
        }
    }
}
