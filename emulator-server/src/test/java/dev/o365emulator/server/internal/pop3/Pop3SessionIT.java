package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.sasl.SaslBase64;
import dev.o365emulator.codec.sasl.XOAuth2Exchange;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.internal.store.FolderListener;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.tenant.PopDeleteBehaviour;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The POP3 dialogue line by line over real sockets: transcripts, states, policy, UPDATE and the mailbox lock. */
class Pop3SessionIT {

    static final String ADELE = "adele@contoso.com";
    static final String ADELE_PASSWORD = "Passw0rd!adele";

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.POP3, Endpoint.POP3S));
    private static SSLContext trust;

    @BeforeAll
    static void start() {
        trust = emulator.certificates().clientSslContext();
    }

    static byte[] message(int i) {
        return ("From: sender@example.com\r\nTo: adele@contoso.com\r\nSubject: message " + i
                + "\r\nMessage-ID: <" + i + "@example.com>\r\n\r\nFirst line of " + i
                + "\r\n.a line that starts with a dot\r\nthird line\r\nfourth line\r\n").getBytes(US_ASCII);
    }

    static MailFolder inbox(EmulatorExtension emulator, String user) {
        return emulator.store().open(user).inbox();
    }

    static void deliver(EmulatorExtension emulator, String user, byte[]... messages) {
        for (byte[] raw : messages) {
            inbox(emulator, user).append(emulator.store().newMessage(raw), Flags.NONE);
        }
    }

    private static LineClient pop3s() throws IOException {
        LineClient client = LineClient.connectTls(emulator.address(Endpoint.POP3S), trust, "outlook.office365.com");
        assertThat(client.readLine()).startsWith("+OK The Microsoft Exchange POP3 service is ready. [");
        return client;
    }

    private static LineClient loggedIn(String user, String password) throws IOException {
        LineClient client = pop3s();
        client.send("USER " + user);
        assertThat(client.readLine()).isEqualTo("+OK");
        client.send("PASS " + password);
        assertThat(client.readLine()).isEqualTo("+OK User successfully logged on.");
        return client;
    }

    /** The lines of a multi-line response after its status line, up to (without) the terminating dot. */
    private static List<String> readBody(LineClient client) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = client.readLine(); !line.equals("."); line = client.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void pop3sTranscriptPinsGreetingCapaAndQuit() throws IOException {
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.POP3S), trust, "outlook.office365.com")) {
            replay(client, "pop3s-greeting-capa-quit.txt");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void pop3TranscriptUpgradesWithStlsBeforeAnyLogin() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.POP3))) {
            replay(client, "pop3-stls-login-quit.txt");
        }
    }

    private static void replay(LineClient client, String transcript) throws IOException {
        try (InputStream in = Pop3SessionIT.class.getResourceAsStream("/pop3/" + transcript)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${greetingBlob}", emulator.identity().greetingBlob());
            for (String line : text.split("\n")) {
                if (line.startsWith("C: ")) {
                    client.send(line.substring(3));
                } else if (line.startsWith("S: ")) {
                    assertThat(client.readLine()).as(transcript).isEqualTo(line.substring(3));
                } else if (line.equals("TLS")) {
                    client.startTls(trust, "outlook.office365.com");
                }
            }
        }
    }

    @Test
    void statListAndUidlDescribeTheInboxAndUidlIsStableAcrossSessions() throws IOException {
        deliver(emulator, ADELE, message(1), message(2));
        int size1 = message(1).length;
        int size2 = message(2).length;
        List<String> uids;
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("STAT");
            assertThat(client.readLine()).isEqualTo("+OK 2 " + (size1 + size2));
            client.send("LIST");
            assertThat(client.readLine()).isEqualTo("+OK 2 " + (size1 + size2));
            assertThat(readBody(client)).containsExactly("1 " + size1, "2 " + size2);
            client.send("LIST 2");
            assertThat(client.readLine()).isEqualTo("+OK 2 " + size2);
            client.send("UIDL");
            assertThat(client.readLine()).isEqualTo("+OK");
            uids = readBody(client);
            assertThat(uids).hasSize(2).allMatch(l -> l.matches("[12] [0-9A-F]{16}"));
            client.send("LIST 3");
            assertThat(client.readLine()).isEqualTo("-ERR The specified message is out of range.");
            client.send("QUIT");
            client.readLine();
        }
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("UIDL");
            client.readLine();
            assertThat(readBody(client)).isEqualTo(uids);
            client.send("UIDL 1");
            assertThat(client.readLine()).isEqualTo("+OK " + uids.get(0));
        }
    }

    @Test
    void retrSendsTheMessageDotStuffedAndTopSendsTheHeaderAndNLines() throws IOException {
        deliver(emulator, ADELE, message(1));
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("RETR 1");
            assertThat(client.readLine()).isEqualTo("+OK");
            List<String> body = readBody(client);
            assertThat(body).contains("..a line that starts with a dot");
            assertThat(String.join("\r\n", body).replace("\r\n..", "\r\n.") + "\r\n")
                    .isEqualTo(new String(message(1), US_ASCII));
            client.send("TOP 1 1");
            assertThat(client.readLine()).isEqualTo("+OK");
            assertThat(readBody(client)).containsExactly("From: sender@example.com", "To: adele@contoso.com",
                    "Subject: message 1", "Message-ID: <1@example.com>", "", "First line of 1");
            client.send("TOP 1 0");
            client.readLine();
            assertThat(readBody(client)).endsWith("Message-ID: <1@example.com>", "");
        }
    }

    @Test
    void deleThenQuitExpungesThroughTheStoreAndMarksRetrievedMessagesRead() throws IOException {
        deliver(emulator, ADELE, message(1), message(2), message(3));
        List<List<Long>> expunged = new CopyOnWriteArrayList<>();
        inbox(emulator, ADELE).subscribe(new FolderListener() {
            @Override
            public void messagesExpunged(MailFolder folder, List<Long> uids) {
                expunged.add(uids);
            }
        });
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("RETR 3");
            client.readLine();
            readBody(client);
            client.send("DELE 1");
            assertThat(client.readLine()).isEqualTo("+OK");
            client.send("RETR 1");
            assertThat(client.readLine())
                    .isEqualTo("-ERR The requested message is no longer available; it may have been deleted.");
            client.send("STAT");
            assertThat(client.readLine()).startsWith("+OK 2 ");
            client.send("LIST");
            client.readLine();
            assertThat(readBody(client)).extracting(l -> l.split(" ")[0]).containsExactly("2", "3");
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("+OK Microsoft Exchange Server POP3 server signing off.");
        }
        List<MessageHandle> left = inbox(emulator, ADELE).snapshot().messages();
        assertThat(left).hasSize(2);
        assertThat(left.get(1).flags().contains(Flags.SystemFlag.SEEN)).isTrue();
        assertThat(left.get(0).flags().contains(Flags.SystemFlag.SEEN)).isFalse();
        Await.until("the EXPUNGE event", Duration.ofSeconds(5), () -> !expunged.isEmpty());
        assertThat(expunged.get(0)).hasSize(1);
    }

    @Test
    void deleThenADroppedConnectionDeletesNothing() throws IOException {
        deliver(emulator, ADELE, message(1));
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("DELE 1");
            assertThat(client.readLine()).isEqualTo("+OK");
        }
        // The lock goes with the connection; the next login sees the message.
        Await.until("the dropped session's lock to be released", Duration.ofSeconds(5), () -> {
            try (LineClient client = pop3s()) {
                client.send("USER " + ADELE);
                client.readLine();
                client.send("PASS " + ADELE_PASSWORD);
                return client.readLine().startsWith("+OK");
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(inbox(emulator, ADELE).exists()).isEqualTo(1);
    }

    @Test
    void rsetRestoresDeletedMessages() throws IOException {
        deliver(emulator, ADELE, message(1), message(2));
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("DELE 1");
            client.readLine();
            client.send("DELE 2");
            client.readLine();
            client.send("STAT");
            assertThat(client.readLine()).isEqualTo("+OK 0 0");
            client.send("RSET");
            assertThat(client.readLine()).isEqualTo("+OK");
            client.send("STAT");
            assertThat(client.readLine()).startsWith("+OK 2 ");
            client.send("QUIT");
            client.readLine();
        }
        assertThat(inbox(emulator, ADELE).exists()).isEqualTo(2);
    }

    @Test
    void leaveACopyOnTheServerKeepsDeletedMessages() throws IOException {
        emulator.tenant().update(b -> b.popDeleteBehaviour(PopDeleteBehaviour.KEEP_COPY));
        deliver(emulator, ADELE, message(1));
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("DELE 1");
            client.readLine();
            client.send("QUIT");
            client.readLine();
        }
        assertThat(inbox(emulator, ADELE).exists()).isEqualTo(1);
    }

    @Test
    void aSecondPopLoginToAHeldMailboxIsRefusedUntilTheFirstQuits() throws IOException {
        try (LineClient first = loggedIn(ADELE, ADELE_PASSWORD); LineClient second = pop3s()) {
            second.send("USER " + ADELE);
            second.readLine();
            second.send("PASS " + ADELE_PASSWORD);
            assertThat(second.readLine()).isEqualTo("-ERR Server Unavailable. 21");
            first.send("QUIT");
            first.readLine();
            second.send("USER " + ADELE);
            second.readLine();
            second.send("PASS " + ADELE_PASSWORD);
            assertThat(second.readLine()).isEqualTo("+OK User successfully logged on.");
        }
    }

    @Test
    void badPasswordAndPolicyRefusalsGetOffice365Texts() throws IOException {
        assertPassRefused(ADELE, "wrong");
        assertPassRefused("nobody@contoso.com", "x");
        emulator.tenant().updateMailbox(ADELE, b -> b.popEnabled(false));
        assertPassRefused(ADELE, ADELE_PASSWORD);
        emulator.tenant().reset();
        emulator.tenant().update(b -> b.basicAuthBlocked(Protocol.POP3, true));
        assertPassRefused(ADELE, ADELE_PASSWORD);
    }

    private static void assertPassRefused(String user, String password) throws IOException {
        try (LineClient client = pop3s()) {
            client.send("USER " + user);
            assertThat(client.readLine()).isEqualTo("+OK");
            client.send("PASS " + password);
            assertThat(client.readLine()).isEqualTo("-ERR Logon failure: unknown user name or bad password.");
            client.send("STAT");
            assertThat(client.readLine()).isEqualTo("-ERR Command is not valid in this state.");
        }
    }

    @Test
    void authPlainWorksWithAnInitialResponseAndAfterTheContinuation() throws IOException {
        String plain = SaslBase64.encode("\0" + ADELE + "\0" + ADELE_PASSWORD);
        try (LineClient client = pop3s()) {
            client.send("AUTH PLAIN " + plain);
            assertThat(client.readLine()).isEqualTo("+OK User successfully authenticated.");
        }
        try (LineClient client = pop3s()) {
            client.send("AUTH PLAIN");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.send(plain);
            assertThat(client.readLine()).isEqualTo("+OK User successfully authenticated.");
            client.send("QUIT");
            client.readLine();
        }
        try (LineClient client = pop3s()) {
            client.send("AUTH PLAIN " + SaslBase64.encode("\0" + ADELE + "\0nope"));
            assertThat(client.readLine()).isEqualTo("-ERR Authentication failure: unknown user name or bad password.");
            client.send("AUTH PLAIN");
            client.readLine();
            client.send("*");
            assertThat(client.readLine()).isEqualTo("-ERR Authentication failure: unknown user name or bad password.");
            client.send("AUTH LOGIN");
            assertThat(client.readLine()).isEqualTo("-ERR Protocol error. 14");
        }
    }

    @Test
    void xoauth2AcceptsARegisteredTokenAfterTheBareContinuation() throws IOException {
        emulator.tokens().register("token-adele", ADELE);
        try (LineClient client = pop3s()) {
            client.send("AUTH XOAUTH2");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.send(XOAuth2Exchange.clientResponse(ADELE, "token-adele"));
            assertThat(client.readLine()).isEqualTo("+OK User successfully authenticated.");
            client.send("QUIT");
            client.readLine();
        }
        try (LineClient client = pop3s()) {
            client.send("AUTH XOAUTH2 " + XOAuth2Exchange.clientResponse(ADELE, "forged"));
            assertThat(client.readLine()).isEqualTo("-ERR Authentication failure: unknown user name or bad password.");
        }
        emulator.tenant().updateMailbox(ADELE, b -> b.popEnabled(false));
        try (LineClient client = pop3s()) {
            client.send("AUTH XOAUTH2 " + XOAuth2Exchange.clientResponse(ADELE, "token-adele"));
            assertThat(client.readLine()).isEqualTo("-ERR Authentication failure: unknown user name or bad password.");
        }
    }

    @Test
    void badLinesAreAnsweredAndTheSessionGoesOn() throws IOException {
        deliver(emulator, ADELE, message(1));
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("XYZZY");
            assertThat(client.readLine()).isEqualTo("-ERR Protocol error. 19");
            client.send("RETR x");
            assertThat(client.readLine()).isEqualTo("-ERR Protocol error. 14");
            client.send("USER " + ADELE);
            assertThat(client.readLine()).isEqualTo("-ERR Command is not valid in this state.");
            client.send("NOOP");
            assertThat(client.readLine()).isEqualTo("+OK");
        }
        // The maildrop stays locked until the server has seen the first connection close.
        Await.until("the first session to close", Duration.ofSeconds(5),
                () -> emulator.journal().sessions().stream().allMatch(r -> r.end().isPresent()));
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("RETR");
            assertThat(client.readLine()).isEqualTo("-ERR Protocol error. 16");
            client.send("NOOP " + "x".repeat(1000));
            assertThat(client.readLine()).startsWith("-ERR Protocol error.");
            client.send("QUIT");
            client.readLine();
        }
    }

    @Test
    void theThirdInvalidCommandClosesTheConnectionAndDeletesNothing() throws IOException {
        deliver(emulator, ADELE, message(1));
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("DELE 1");
            assertThat(client.readLine()).isEqualTo("+OK");
            client.send("XYZZY");
            client.readLine();
            client.sendRaw("NOOP\n");
            client.readLine();
            client.send("RETR");
            assertThat(client.readLine()).isEqualTo("-ERR Protocol error. Connection is closed. 10");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(inbox(emulator, ADELE).snapshot().exists()).isEqualTo(1);
    }

    @Test
    void theThirdFailedLoginIsFollowedByTheClose() throws IOException {
        try (LineClient client = pop3s()) {
            for (int i = 1; i <= 3; i++) {
                client.send("USER " + ADELE);
                assertThat(client.readLine()).isEqualTo("+OK");
                client.send("PASS wrong" + i);
                assertThat(client.readLine()).isEqualTo("-ERR Logon failure: unknown user name or bad password.");
            }
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void journalMasksThePasswordAndRecordsTheLogin() throws IOException {
        try (LineClient client = loggedIn(ADELE, ADELE_PASSWORD)) {
            client.send("QUIT");
            client.readLine();
        }
        Await.until("the session to close", Duration.ofSeconds(5), () -> emulator.journal().sessions().stream()
                .anyMatch(s -> s.user().isPresent() && s.end().isPresent()));
        SessionRecord record = emulator.journal().sessions().stream()
                .filter(s -> s.user().isPresent()).reduce((a, b) -> b).orElseThrow();
        assertThat(record.user()).contains(ADELE);
        assertThat(record.mechanism()).contains("USER");
        assertThat(record.transcript()).extracting(TranscriptLine::toString)
                .contains("C: PASS ****", "S: +OK User successfully logged on.")
                .noneMatch(l -> l.contains(ADELE_PASSWORD));
    }
}
