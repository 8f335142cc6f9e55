package dev.o365emulator.server.internal.pop3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.codec.pop3.Pop3Messages;
import dev.o365emulator.codec.pop3.Pop3RequestDecoder;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.internal.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session in memory (EmbeddedChannel): pipelining, state changes, streaming RETR, TOP windows, locks. */
class Pop3SessionTest {

    /** The queue limit of these tests: filling the default one line by line takes far too long. */
    private static final int QUEUE_LIMIT = 1_000;

    private final Clock clock = Clock.systemUTC();
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final MailStore store = new MailStore(clock);
    private final SessionJournal journal = new SessionJournal(clock);
    private final EndpointContext context = new EndpointContext(Endpoint.POP3S,
            HostIdentity.of(HostIdentity.DEFAULT_SEED, Instant.EPOCH), clock, journal,
            ServerTls.forBundle(CertificateBundle.shared()), tenant, store, new MailDelivery(tenant, store),
            new ConfiguredTokens());
    private final Pop3MailboxLocks locks = new Pop3MailboxLocks();
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
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 995);
        channel.attr(ConnectionRecorder.RECORD).set(journal.open(Endpoint.POP3S, loopback, loopback));
        // Same initializer as the emulator, but with this test's locks.
        Pop3Session.initializer().initialize(channel, context);
        Pop3Session session = new Pop3Session(context, channel.pipeline().get(Pop3RequestDecoder.class), locks,
                Pop3Session.DEFAULT_IDLE_TIMEOUT);
        session.maxQueued = QUEUE_LIMIT;
        channel.pipeline().replace("session", "session", session);
        channel.register();
        channel.freezeTime();
        return channel;
    }

    private String read() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(US_ASCII));
            buf.release();
        }
        return out.toString();
    }

    private void send(String text) {
        channel.writeInbound(channel.alloc().buffer().writeBytes(text.getBytes(US_ASCII)));
    }

    @Test
    void pipelinedLoginAndCommandsAreAnsweredInOrder() throws Exception {
        store.open("adele@contoso.com").inbox().append(store.newMessage("Subject: a\r\n\r\nbody\r\n".getBytes(US_ASCII)),
                Flags.NONE);
        open();
        assertThat(read()).startsWith("+OK The Microsoft Exchange POP3 service is ready. [");
        send("USER adele@contoso.com\r\nPASS Passw0rd!adele\r\nSTAT\r\nRETR 1\r\nQUIT\r\n");
        assertThat(read()).isEqualTo("+OK\r\n+OK User successfully logged on.\r\n+OK 1 20\r\n"
                + "+OK\r\nSubject: a\r\n\r\nbody\r\n.\r\n"
                + "+OK Microsoft Exchange Server POP3 server signing off.\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRetrReachesTheTlsHandlersPlaceAsOneBufferAndOneFlush() throws Exception {
        byte[] message = ("Subject: a\r\n\r\n" + "body\r\n.dot\r\n".repeat(200)).getBytes(US_ASCII);
        store.open("adele@contoso.com").inbox().append(store.newMessage(message), Flags.NONE);
        open();
        // Where the implicit TLS handler sits on 995: each buffer written there becomes a record of its
        // own or a copy into a gathered one, and each flush a pass of the engine.
        OutboundCounter counter = new OutboundCounter();
        channel.pipeline().addFirst(counter);
        read();
        send("USER adele@contoso.com\r\nPASS Passw0rd!adele\r\n");
        read();
        counter.writes = 0;
        counter.flushes = 0;

        send("RETR 1\r\n");

        assertThat(counter.writes).isEqualTo(1);
        assertThat(counter.flushes).isEqualTo(1);
        assertThat(read()).isEqualTo("+OK\r\nSubject: a\r\n\r\n" + "body\r\n..dot\r\n".repeat(200) + ".\r\n");
        assertThat(journal.sessions().get(0).transcript()).extracting(TranscriptLine::text)
                .containsSubsequence("RETR 1", "+OK", "message content: " + message.length + " octets", ".");
    }

    /** Counts what reaches the head of the pipeline. */
    private static final class OutboundCounter extends io.netty.channel.ChannelOutboundHandlerAdapter {
        int writes;
        int flushes;

        @Override
        public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
            writes++;
            ctx.write(msg, promise);
        }

        @Override
        public void flush(io.netty.channel.ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    @Test
    void authPlainAnswerPipelinedBehindTheCommandIsReadAsTheSaslResponse() throws Exception {
        open();
        read();
        String plain = java.util.Base64.getEncoder().encodeToString("\0adele@contoso.com\0Passw0rd!adele".getBytes(US_ASCII));
        send("AUTH PLAIN\r\n" + plain + "\r\nNOOP\r\n");
        assertThat(read()).isEqualTo("+ \r\n+OK User successfully authenticated.\r\n+OK\r\n");
        assertThat(journal.sessions().get(0).mechanism()).contains("PLAIN");
    }

    @Test
    void aDroppedConnectionReleasesTheMailboxLock() throws Exception {
        open();
        read();
        send("USER adele@contoso.com\r\nPASS Passw0rd!adele\r\n");
        read();
        assertThat(locks.isLocked(store.open("adele@contoso.com"))).isTrue();
        channel.close();
        assertThat(locks.isLocked(store.open("adele@contoso.com"))).isFalse();
    }

    @Test
    void linesPipelinedBehindADelayedStlsAreDiscardedNotAnsweredAfterTheUpgrade() throws Exception {
        HostIdentity identity = HostIdentity.of(HostIdentity.DEFAULT_SEED, Instant.EPOCH);
        FaultPlan slowStls = new FaultPlan(ScenarioLoader.parse("""
                name: t
                rules:
                  - when: { stage: starttls }
                    then: { delay: { millis: 500 } }
                """, "t.yaml"), identity, clock);
        EndpointContext plain = new EndpointContext(Endpoint.POP3, identity, clock, journal, context.tls(), tenant,
                store, context.delivery(), context.tokens(), slowStls);
        channel = new EmbeddedChannel(false, false);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 110);
        SessionRecord record = journal.open(Endpoint.POP3, loopback, loopback);
        channel.attr(ConnectionRecorder.RECORD).set(record);
        Pop3Session.initializer().initialize(channel, plain);
        channel.register();
        read();
        send("STLS\r\nUSER adele@contoso.com\r\n");
        assertThat(read()).isEmpty();
        channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(read()).isEqualTo("+OK Begin TLS negotiation.\r\n");
        // The USER line was sent in plain text: it must not count once TLS is up (RFC 2595 §4).
        List<String> answers = record.transcript().stream().map(TranscriptLine::toString)
                .filter(line -> line.startsWith("S: ")).toList();
        assertThat(answers.get(answers.size() - 1)).isEqualTo("S: +OK Begin TLS negotiation.");
        assertThat(record.protocolErrors()).singleElement().asString().contains("discarded");
    }

    @Test
    void topLengthAgreesWithTheCodecAcrossWindowBoundaries() {
        for (int headerSize : new int[] {10, 8_190, 8_192, 8_200, 40_000}) {
            byte[] raw = ("X-Pad: " + "p".repeat(headerSize) + "\r\n\r\n" + "line\r\n".repeat(3_000)).getBytes(US_ASCII);
            StoredMessage message = new StoredMessage(raw, Instant.EPOCH);
            for (int lines : new int[] {0, 1, 5, 1_500, 2_999, 3_000, 10_000}) {
                assertThat(Pop3Session.topLength(message, lines))
                        .as("header %d, lines %d", headerSize, lines)
                        .isEqualTo(Pop3Messages.topLength(raw, lines));
            }
        }
    }

    @Test
    void locksAreExclusiveAndOnlyTheHolderReleases() {
        var mailbox = store.open("alex@contoso.com");
        Object first = new Object();
        Object second = new Object();
        assertThat(locks.tryLock(mailbox, first)).isTrue();
        assertThat(locks.tryLock(mailbox, second)).isFalse();
        locks.release(mailbox, second);
        assertThat(locks.isLocked(mailbox)).isTrue();
        locks.release(mailbox, first);
        assertThat(locks.tryLock(mailbox, second)).isTrue();
    }

    /** The session's context with a rule that holds the first NOOP for a second. */
    private EndpointContext withSlowFirstNoop() {
        var scenario = dev.o365emulator.scenarios.ScenarioLoader.parse("""
                name: slow
                rules:
                  - when: { protocol: pop3, stage: command, command: NOOP, nth: 1 }
                    then: { delay: { millis: 1000 } }
                """, "slow.yaml");
        return new EndpointContext(Endpoint.POP3S, context.identity(), clock, journal, context.tls(), tenant, store,
                context.delivery(), context.tokens(),
                new dev.o365emulator.server.internal.fault.FaultPlan(scenario, context.identity(), clock));
    }

    private void logInAndHoldANoop(int pipelined) throws Exception {
        open(withSlowFirstNoop());
        read();
        send("USER adele@contoso.com\r\nPASS Passw0rd!adele\r\n");
        read();
        send("NOOP\r\n" + "CAPA\r\n".repeat(pipelined));
    }

    @Test
    void answersEveryLineQueuedBehindADelayUpToTheLimit() throws Exception {
        logInAndHoldANoop(QUEUE_LIMIT);
        assertThat(read()).isEmpty();
        channel.advanceTimeBy(1, java.util.concurrent.TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        String answered = read();
        assertThat(answered).startsWith("+OK\r\n+OK\r\n");
        assertThat(answered.split("\r\n\\.\r\n", -1)).hasSize(QUEUE_LIMIT + 1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void closesWhenMoreLinesQueueBehindADelayThanTheLimit() throws Exception {
        logInAndHoldANoop(QUEUE_LIMIT + 1);
        assertThat(read()).isEqualTo("-ERR " + Pop3Session.CONNECTION_CLOSED + "\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(ConnectionRecorder.record(channel).protocolErrors())
                .anyMatch(e -> e.contains("pipelined behind an unfinished command"));
    }
}
