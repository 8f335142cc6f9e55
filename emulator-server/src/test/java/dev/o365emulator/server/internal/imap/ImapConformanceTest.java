package dev.o365emulator.server.internal.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.EndpointContext;
import dev.o365emulator.server.HostIdentity;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tls.ServerTls;
import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.tenant.Tenant;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3501 behaviour that independent suites (Dovecot's imaptest) check, in memory: SELECT's UNSEEN,
 * ENVELOPE groups, keywords in FLAGS, LSUB's {@code \Noselect} parents, atoms with {@code [}, SEARCH on
 * addresses with comments, DELETE of a selected folder seen from two sessions, and the {@code \Seen} a
 * body FETCH sets.
 */
class ImapConformanceTest {

    private final Clock clock = Clock.systemUTC();
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final MailStore store = new MailStore(clock);
    private final SessionJournal journal = new SessionJournal(clock);
    private final EndpointContext context = new EndpointContext(Endpoint.IMAPS,
            HostIdentity.of(HostIdentity.DEFAULT_SEED, Instant.EPOCH), clock, journal,
            ServerTls.forBundle(CertificateBundle.shared()), tenant, store, new MailDelivery(tenant, store),
            new ConfiguredTokens());
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void close() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void selectNamesTheFirstUnseenMessageAfterThePermanentFlags() throws Exception {
        EmbeddedChannel c = loggedIn();
        append(c, "INBOX", "(\\Seen)", "Subject: one\r\n\r\nx\r\n");
        append(c, "INBOX", "()", "Subject: two\r\n\r\nx\r\n");
        append(c, "INBOX", "()", "Subject: three\r\n\r\nx\r\n");
        String selected = send(c, "s1 SELECT INBOX\r\n");
        assertThat(selected).contains("* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent \\*)]"
                + " Permanent flags\r\n* OK [UNSEEN 2] Is the first unseen message\r\n* OK [UIDVALIDITY ");
        assertThat(send(c, "s2 EXAMINE INBOX\r\n")).contains("* OK [UNSEEN 2] Is the first unseen message\r\n");
        send(c, "s3 SELECT INBOX\r\n");
        send(c, "s4 STORE 2:3 +FLAGS.SILENT (\\Seen)\r\n");
        assertThat(send(c, "s5 SELECT INBOX\r\n")).doesNotContain("UNSEEN").endsWith("s5 OK [READ-WRITE] SELECT completed.\r\n");
    }

    @Test
    void envelopeKeepsGroupsWithTheirMarkersAndAnEmptyGroupIsNotNil() throws Exception {
        EmbeddedChannel c = loggedIn();
        append(c, "INBOX", "()", "From: user@domain (Real Name)\r\nTo: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;\r\n"
                + "Cc: undisclosed-recipients:;\r\nSender: \r\n\r\nbody\r\n");
        send(c, "s1 SELECT INBOX\r\n");
        assertThat(send(c, "f1 FETCH 1 ENVELOPE\r\n")).isEqualTo("* 1 FETCH (ENVELOPE (NIL NIL"
                + " ((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\"))"
                + " ((\"Real Name\" NIL \"user\" \"domain\"))"
                + " ((NIL NIL \"group\" NIL)(NIL NIL \"g1\" \"d1.org\")(NIL NIL \"g2\" \"d2.org\")(NIL NIL NIL NIL)"
                + "(NIL NIL \"group2\" NIL)(NIL NIL \"g3\" \"d3.org\")(NIL NIL NIL NIL))"
                + " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL))\r\n"
                + "f1 OK FETCH completed.\r\n");
    }

    @Test
    void keywordsInTheFolderAreListedInFlagsAndANewOneIsAnnouncedBeforeItIsUsed() throws Exception {
        EmbeddedChannel c = loggedIn();
        append(c, "INBOX", "($Label1)", "Subject: one\r\n\r\nx\r\n");
        append(c, "INBOX", "()", "Subject: two\r\n\r\nx\r\n");
        assertThat(send(c, "s1 SELECT INBOX\r\n")).contains(
                "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent $Label1)\r\n",
                "* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent $Label1 \\*)]");
        assertThat(send(c, "s2 STORE 2 +FLAGS (custom)\r\n")).isEqualTo(
                "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent $Label1 custom)\r\n"
                        + "* 2 FETCH (FLAGS (custom))\r\ns2 OK STORE completed.\r\n");
        assertThat(send(c, "s3 STORE 1 +FLAGS (custom)\r\n")).isEqualTo(
                "* 1 FETCH (FLAGS ($Label1 custom))\r\ns3 OK STORE completed.\r\n");
    }

    @Test
    void aKeywordAnotherSessionSetsIsAnnouncedBeforeTheFlagsThatUseIt() throws Exception {
        EmbeddedChannel first = loggedIn();
        append(first, "INBOX", "()", "Subject: one\r\n\r\nx\r\n");
        send(first, "s1 SELECT INBOX\r\n");
        EmbeddedChannel second = loggedIn();
        send(second, "t1 SELECT INBOX\r\n");
        send(second, "t2 STORE 1 +FLAGS.SILENT ($Forwarded)\r\n");
        first.runPendingTasks();
        assertThat(send(first, "s2 NOOP\r\n")).isEqualTo(
                "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent $Forwarded)\r\n"
                        + "* 1 FETCH (FLAGS ($Forwarded))\r\ns2 OK NOOP completed.\r\n");
    }

    @Test
    void lsubShowsTheUnsubscribedParentOfASubscribedFolderAsNoselect() throws Exception {
        EmbeddedChannel c = loggedIn();
        send(c, "c1 CREATE parent/child/leaf\r\n");
        send(c, "c2 SUBSCRIBE parent/child/leaf\r\n");
        assertThat(send(c, "l1 LSUB \"\" \"parent/%\"\r\n")).isEqualTo(
                "* LSUB (\\Noselect) \"/\" parent/child\r\nl1 OK LSUB completed.\r\n");
        assertThat(send(c, "l2 LSUB \"\" \"parent/*\"\r\n")).isEqualTo(
                "* LSUB (\\HasNoChildren) \"/\" parent/child/leaf\r\nl2 OK LSUB completed.\r\n");
    }

    @Test
    void anAtomWithAnOpenBracketIsAMailboxNameNotASyntaxError() throws Exception {
        EmbeddedChannel c = loggedIn();
        assertThat(send(c, "s1 SELECT abc[d\r\n")).isEqualTo("s1 NO SELECT failed.\r\n");
        assertThat(send(c, "c1 CREATE abc[d\r\n")).isEqualTo("c1 OK CREATE completed.\r\n");
        assertThat(send(c, "l1 LIST \"\" abc[%\r\n")).isEqualTo(
                "* LIST (\\HasNoChildren) \"/\" abc[d\r\nl1 OK LIST completed.\r\n");
    }

    @Test
    void aNameThatIsNotModifiedUtf7NamesNoFolderAndIsRefusedWithNo() throws Exception {
        EmbeddedChannel c = loggedIn();
        assertThat(send(c, "s1 SELECT !#$&'+,-.0123456789:;<=>?@^_`|[}\r\n")).isEqualTo("s1 NO SELECT failed.\r\n");
        assertThat(send(c, "c1 CREATE a&b\r\n")).isEqualTo("c1 NO CREATE failed.\r\n");
        assertThat(send(c, "l1 LIST \"\" !#$&'+,-.0123456789:;<=>?@^_`|[}%*\r\n")).isEqualTo("l1 OK LIST completed.\r\n");
    }

    @Test
    void nilInAStoreIsTheKeywordNil() throws Exception {
        EmbeddedChannel c = loggedIn();
        append(c, "INBOX", "(NIL)", "Subject: a\r\n\r\nbody\r\n");
        append(c, "INBOX", "()", "Subject: b\r\n\r\nbody\r\n");
        send(c, "s1 SELECT INBOX\r\n");
        assertThat(send(c, "s2 STORE 2 +FLAGS NIL\r\n")).isEqualTo("* 2 FETCH (FLAGS (NIL))\r\ns2 OK STORE completed.\r\n");
        assertThat(send(c, "f1 FETCH 1:2 FLAGS\r\n")).isEqualTo(
                "* 1 FETCH (FLAGS (NIL))\r\n* 2 FETCH (FLAGS (NIL))\r\nf1 OK FETCH completed.\r\n");
    }

    @Test
    void searchFromMatchesAnAddressWrittenWithComments() throws Exception {
        EmbeddedChannel c = loggedIn();
        append(c, "INBOX", "()", "From: <user-from (comment)@ (comment) domain.org>\r\n\r\nx\r\n");
        append(c, "INBOX", "()", "From: someone@else.org\r\n\r\nx\r\n");
        append(c, "INBOX", "()", "From: user-from@domain.org (RealFrom)\r\n\r\nx\r\n");
        send(c, "s1 SELECT INBOX\r\n");
        assertThat(send(c, "q1 SEARCH FROM user-from@domain.org\r\n")).isEqualTo("* SEARCH 1 3\r\nq1 OK SEARCH completed.\r\n");
        assertThat(send(c, "q2 SEARCH FROM realfrom\r\n")).isEqualTo("* SEARCH 3\r\nq2 OK SEARCH completed.\r\n");
    }

    @Test
    void deletingTheSelectedFolderDeselectsItHereAndEndsTheOtherSessionThatHasItSelected() throws Exception {
        EmbeddedChannel first = loggedIn();
        send(first, "c1 CREATE Projects\r\n");
        append(first, "Projects", "()", "Subject: one\r\n\r\nx\r\n");
        send(first, "s1 SELECT Projects\r\n");
        EmbeddedChannel second = loggedIn();
        send(second, "t1 SELECT Projects\r\n");

        assertThat(send(first, "d1 DELETE Projects\r\n")).isEqualTo("d1 OK DELETE completed.\r\n");
        assertThat(send(first, "n1 NOOP\r\n")).isEqualTo("n1 OK NOOP completed.\r\n");
        assertThat(send(first, "f1 FETCH 1 FLAGS\r\n")).isEqualTo("f1 BAD Command received in Invalid state.\r\n");

        second.runPendingTasks();
        assertThat(read(second)).isEqualTo("* BYE The selected folder was deleted.\r\n");
        assertThat(second.isOpen()).isFalse();
    }

    @Test
    void deletingAFolderAnotherSessionHasSelectedEndsThatSessionAtItsNextCommand() throws Exception {
        EmbeddedChannel first = loggedIn();
        send(first, "c1 CREATE Projects\r\n");
        send(first, "s1 SELECT Projects\r\n");
        EmbeddedChannel second = loggedIn();
        assertThat(send(second, "d1 DELETE Projects\r\n")).isEqualTo("d1 OK DELETE completed.\r\n");
        // The wake-up has not run yet: the command itself finds the folder gone.
        assertThat(send(first, "n1 NOOP\r\n")).isEqualTo("* BYE The selected folder was deleted.\r\n");
        assertThat(first.isOpen()).isFalse();
    }

    @Test
    void aBodyFetchWithoutPeekReportsTheSeenFlagItSet() throws Exception {
        EmbeddedChannel c = loggedIn();
        append(c, "INBOX", "()", "Subject: a\r\n\r\nbody\r\n");
        append(c, "INBOX", "(\\Seen)", "Subject: b\r\n\r\nbody\r\n");
        send(c, "s1 SELECT INBOX\r\n");
        assertThat(send(c, "f1 FETCH 1:2 BODY[TEXT]\r\n")).isEqualTo(
                "* 1 FETCH (BODY[TEXT] {6}\r\nbody\r\n FLAGS (\\Seen))\r\n"
                        + "* 2 FETCH (BODY[TEXT] {6}\r\nbody\r\n)\r\nf1 OK FETCH completed.\r\n");
        assertThat(send(c, "n1 NOOP\r\n")).isEqualTo("n1 OK NOOP completed.\r\n");
        assertThat(send(c, "f2 UID FETCH 1 (BODY.PEEK[TEXT])\r\n")).isEqualTo(
                "* 1 FETCH (BODY[TEXT] {6}\r\nbody\r\n UID 1)\r\nf2 OK FETCH completed.\r\n");
    }

    // ---------------------------------------------------------------- harness

    private EmbeddedChannel loggedIn() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 993);
        channel.attr(ConnectionRecorder.RECORD).set(journal.open(Endpoint.IMAPS, loopback, loopback));
        ImapSession.initialize(channel, context);
        channel.register();
        channels.add(channel);
        read(channel);
        assertThat(send(channel, "a0 LOGIN adele@contoso.com Passw0rd!adele\r\n")).endsWith("a0 OK LOGIN completed.\r\n");
        return channel;
    }

    private static void append(EmbeddedChannel channel, String folder, String flags, String message) {
        int size = message.getBytes(UTF_8).length;
        assertThat(send(channel, "ap APPEND " + folder + " " + flags + " {" + size + "+}\r\n" + message + "\r\n"))
                .contains("ap OK ");
    }

    private static String read(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(UTF_8));
            buf.release();
        }
        return out.toString();
    }

    private static String send(EmbeddedChannel channel, String text) {
        channel.writeInbound(channel.alloc().buffer().writeBytes(text.getBytes(UTF_8)));
        return read(channel);
    }
}
