package dev.o365emulator.server.internal.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.internal.tls.ServerTls;
import dev.o365emulator.server.journal.TranscriptLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session in memory (EmbeddedChannel), on the implicit-TLS endpoint without the TLS itself. */
class ImapSessionTest {

    /** The queue limit of these tests: filling the default one line by line takes far too long. */
    private static final int QUEUE_LIMIT = 1_000;

    private final Clock clock = Clock.systemUTC();
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final MailStore store = new MailStore(clock);
    private final SessionJournal journal = new SessionJournal(clock);
    private final EndpointContext context = new EndpointContext(Endpoint.IMAPS,
            HostIdentity.of(HostIdentity.DEFAULT_SEED, Instant.EPOCH), clock, journal,
            ServerTls.forBundle(CertificateBundle.shared()), tenant, store, new MailDelivery(tenant, store),
            new ConfiguredTokens());
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel open() throws Exception {
        return open(context);
    }

    private EmbeddedChannel open(EndpointContext context) throws Exception {
        channel = new EmbeddedChannel(false, false);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 993);
        channel.attr(ConnectionRecorder.RECORD).set(journal.open(Endpoint.IMAPS, loopback, loopback));
        ImapSession.initialize(channel, context);
        channel.pipeline().get(ImapSession.class).maxQueued = QUEUE_LIMIT;
        channel.register();
        channel.freezeTime();
        return channel;
    }

    private String read() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(UTF_8));
            buf.release();
        }
        return out.toString();
    }

    private String send(String text) {
        channel.writeInbound(channel.alloc().buffer().writeBytes(text.getBytes(UTF_8)));
        return read();
    }

    @Test
    void listsAFolderNamedInModifiedUtf7() throws Exception {
        open();
        read();
        send("a1 LOGIN adele@contoso.com Passw0rd!adele\r\n");
        assertThat(send("a2 CREATE \"Entw&APw-rfe/R&-D\"\r\n")).isEqualTo("a2 OK CREATE completed.\r\n");
        assertThat(send("a3 LIST \"\" \"Entw&APw-rfe\"\r\n")).isEqualTo(
                "* LIST (\\HasChildren) \"/\" Entw&APw-rfe\r\na3 OK LIST completed.\r\n");
        assertThat(send("a4 LIST \"Entw&APw-rfe/\" \"R&-%\"\r\n")).isEqualTo(
                "* LIST (\\HasNoChildren) \"/\" Entw&APw-rfe/R&-D\r\na4 OK LIST completed.\r\n");
    }

    @Test
    void answersAStorePastTheKeywordLimitInsteadOfStayingSilent() throws Exception {
        open();
        read();
        send("a1 LOGIN adele@contoso.com Passw0rd!adele\r\n");
        send("a2 APPEND INBOX {20}\r\nSubject: a\r\n\r\nbody\r\n\r\n");
        send("a3 SELECT INBOX\r\n");
        StringBuilder keywords = new StringBuilder();
        for (int i = 0; i < Flags.MAX_KEYWORDS; i++) {
            keywords.append(i == 0 ? "" : " ").append("k").append(i);
        }
        // The new keywords are named in FLAGS (RFC 3501 §7.2.6), even for a .SILENT STORE.
        assertThat(send("a4 STORE 1 +FLAGS.SILENT (" + keywords + ")\r\n")).startsWith("* FLAGS (")
                .endsWith(" k9)\r\na4 OK STORE completed.\r\n");
        assertThat(send("a5 STORE 1 +FLAGS.SILENT (one-too-many)\r\n")).isEqualTo("a5 NO STORE failed.\r\n");
        assertThat(send("a6 NOOP\r\n")).isEqualTo("a6 OK NOOP completed.\r\n");
    }

    /** The session's context with a rule that holds the first NOOP for a second. */
    private EndpointContext withSlowFirstNoop() {
        var scenario = dev.o365emulator.scenarios.ScenarioLoader.parse("""
                name: slow
                rules:
                  - when: { protocol: imap, stage: command, command: NOOP, nth: 1 }
                    then: { delay: { millis: 1000 } }
                """, "slow.yaml");
        return new EndpointContext(Endpoint.IMAPS, context.identity(), clock, journal, context.tls(), tenant, store,
                context.delivery(), context.tokens(),
                new dev.o365emulator.server.internal.fault.FaultPlan(scenario, context.identity(), clock));
    }

    private static String noops(int from, int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            lines.append('n').append(i).append(" NOOP\r\n");
        }
        return lines.toString();
    }

    @Test
    void answersEveryCommandQueuedBehindADelayUpToTheLimit() throws Exception {
        open(withSlowFirstNoop());
        read();
        assertThat(send("a1 NOOP\r\n" + noops(1, QUEUE_LIMIT))).isEmpty();
        channel.advanceTimeBy(1, java.util.concurrent.TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        String answered = read();
        assertThat(answered).startsWith("a1 OK NOOP completed.\r\n")
                .endsWith("n" + QUEUE_LIMIT + " OK NOOP completed.\r\n");
        assertThat(answered.lines()).hasSize(QUEUE_LIMIT + 1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void closesWithByeWhenMoreCommandsQueueBehindADelayThanTheLimit() throws Exception {
        open(withSlowFirstNoop());
        read();
        String answered = send("a1 NOOP\r\n" + noops(1, QUEUE_LIMIT + 1));
        assertThat(answered).isEqualTo("* " + ImapReplies.BYE_TOO_MUCH_PIPELINED + "\r\n");
        assertThat(channel.isOpen()).isFalse();
        var record = ConnectionRecorder.record(channel);
        assertThat(record.protocolErrors()).anyMatch(e -> e.contains("pipelined behind an unfinished command"));
    }

    @Test
    void closesWhenQueuedLiteralsExceedTheByteLimit() throws Exception {
        open(withSlowFirstNoop());
        read();
        send("a0 LOGIN adele@contoso.com Passw0rd!adele\r\n");
        String atom = "x".repeat(7_000);
        StringBuilder big = new StringBuilder("a1 NOOP\r\n");
        int needed = ImapSession.MAX_QUEUED_BYTES / atom.length() + 1;
        assertThat(needed).isLessThan(QUEUE_LIMIT);
        for (int i = 0; i < needed; i++) {
            big.append("s").append(i).append(" SELECT ").append(atom).append("\r\n");
        }
        assertThat(send(big.toString())).isEqualTo("* " + ImapReplies.BYE_TOO_MUCH_PIPELINED + "\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void recordsMessageBodiesAndLiteralsOnlyAsTheirSize() throws Exception {
        open();
        read();
        send("a1 LOGIN adele@contoso.com Passw0rd!adele\r\n");
        String message = "Subject: secret plans\r\n\r\n" + "the body nobody should see in a transcript\r\n".repeat(100);
        int size = message.getBytes(UTF_8).length;
        send("a2 APPEND INBOX {" + size + "}\r\n" + message + "\r\n");
        send("a3 SELECT INBOX\r\n");
        String fetched = send("a4 FETCH 1 (BODY[] RFC822.TEXT BODY[HEADER.FIELDS (SUBJECT)])\r\n");
        assertThat(fetched).contains("the body nobody should see");
        String transcript = ConnectionRecorder.record(channel).transcript().toString();
        assertThat(transcript).contains("a2 APPEND INBOX", "{" + size + "}", "BODY[] {" + size + "}<bytes>",
                "a4 OK FETCH completed.").doesNotContain("the body nobody", "secret plans");
    }

    @Test
    void recordsTheFirstAndLastResponsesOfALargeFetchAndCountsTheRest() throws Exception {
        int messages = FetchTranscript.HEAD + 24;
        var inbox = store.open("adele@contoso.com").inbox();
        for (int i = 1; i <= messages; i++) {
            inbox.append(store.newMessage(("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(UTF_8)), Flags.NONE);
        }
        open();
        read();
        send("a1 LOGIN adele@contoso.com Passw0rd!adele\r\n");
        send("a2 SELECT INBOX\r\n");
        long before = ConnectionRecorder.record(channel).linesRecorded();
        String fetched = send("a3 FETCH 1:* (FLAGS ENVELOPE BODY.PEEK[])\r\n");

        List<String> lines = ConnectionRecorder.record(channel).transcript().stream().map(TranscriptLine::toString)
                .skip(before - ConnectionRecorder.record(channel).droppedLines()).toList();
        List<String> responses = fetchResponses(fetched);
        assertThat(responses).hasSize(messages);
        // The omitted responses as they were written: their bytes, "* " to CRLF, literals included.
        long omittedBytes = responses.subList(FetchTranscript.HEAD, messages - 1).stream()
                .mapToLong(r -> r.getBytes(UTF_8).length).sum();
        assertThat(lines).hasSize(1 + FetchTranscript.HEAD + 1 + 1 + 1);
        assertThat(lines.get(0)).isEqualTo("C: a3 FETCH 1:* (FLAGS ENVELOPE BODY.PEEK[])");
        assertThat(lines.get(1)).startsWith("S: * 1 FETCH (FLAGS () ENVELOPE (NIL \"m1\" ");
        assertThat(lines.get(FetchTranscript.HEAD)).startsWith("S: * " + FetchTranscript.HEAD + " FETCH (");
        assertThat(lines.get(FetchTranscript.HEAD + 1)).isEqualTo(
                "*: " + (messages - 1 - FetchTranscript.HEAD) + " FETCH responses (" + String.format(Locale.ROOT, "%,d",
                        omittedBytes) + " bytes) not recorded");
        assertThat(lines.get(FetchTranscript.HEAD + 2)).startsWith("S: * " + messages + " FETCH (FLAGS () ENVELOPE (NIL \"m"
                + messages + "\" ").endsWith(" BODY[] {" + ("Subject: m" + messages + "\r\n\r\nbody " + messages + "\r\n")
                .length() + "}<bytes>)");
        assertThat(lines.get(FetchTranscript.HEAD + 3)).isEqualTo("S: a3 OK FETCH completed.");
    }

    @Test
    void recordsEveryResponseOfAFetchOfAFewMessages() throws Exception {
        int messages = FetchTranscript.HEAD + 1;
        var inbox = store.open("adele@contoso.com").inbox();
        for (int i = 1; i <= messages; i++) {
            inbox.append(store.newMessage(("Subject: m" + i + "\r\n\r\nbody\r\n").getBytes(UTF_8)), Flags.NONE);
        }
        open();
        read();
        send("a1 LOGIN adele@contoso.com Passw0rd!adele\r\n");
        send("a2 SELECT INBOX\r\n");
        send("a3 FETCH 1:* (UID)\r\n");
        List<String> lines = ConnectionRecorder.record(channel).transcript().stream().map(TranscriptLine::toString)
                .toList();
        for (int i = 1; i <= messages; i++) {
            assertThat(lines).contains("S: * " + i + " FETCH (UID " + i + ")");
        }
        assertThat(lines).noneMatch(l -> l.contains("not recorded"));
    }

    @Test
    void answersTheNextCommandAfterAFetchLargerThanTheWriteBuffer() throws Exception {
        // More than the channel's high water mark (64 KiB): the FETCH finds the channel unwritable and flushes,
        // and the flush makes it writable again before it returns.
        int messages = 40;
        var inbox = store.open("adele@contoso.com").inbox();
        String body = "x".repeat(4_000);
        for (int i = 1; i <= messages; i++) {
            inbox.append(store.newMessage(("Subject: m" + i + "\r\n\r\n" + body + "\r\n").getBytes(UTF_8)), Flags.NONE);
        }
        open();
        read();
        send("a1 LOGIN adele@contoso.com Passw0rd!adele\r\n");
        send("a2 SELECT INBOX\r\n");
        String fetched = send("a3 FETCH 1:* BODY.PEEK[]\r\na4 NOOP\r\n");
        assertThat(fetchResponses(fetched)).hasSize(messages);
        assertThat(fetched).endsWith("a3 OK FETCH completed.\r\na4 OK NOOP completed.\r\n");
        assertThat(send("a5 NOOP\r\n")).isEqualTo("a5 OK NOOP completed.\r\n");
    }

    /** The untagged FETCH responses of a reply, each from its "* " to its CRLF, literals included. */
    private static List<String> fetchResponses(String reply) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (reply.startsWith("* ", at)) {
            int end = at;
            while (true) {
                int crlf = reply.indexOf("\r\n", end);
                int brace = reply.lastIndexOf('{', crlf);
                if (reply.charAt(crlf - 1) == '}' && brace > end) {
                    // A literal: skip its bytes (ASCII here, so chars are bytes).
                    end = crlf + 2 + Integer.parseInt(reply.substring(brace + 1, crlf - 1));
                } else {
                    end = crlf + 2;
                    break;
                }
            }
            out.add(reply.substring(at, end));
            at = end;
        }
        return out;
    }
}
