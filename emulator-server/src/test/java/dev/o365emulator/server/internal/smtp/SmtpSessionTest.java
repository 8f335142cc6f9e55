package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.codec.smtp.SmtpRequestDecoder;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.EndpointContext;
import dev.o365emulator.server.HostIdentity;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.tenant.MutableClock;
import dev.o365emulator.server.tenant.Tenant;
import dev.o365emulator.server.internal.tls.ServerTls;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session in memory ({@link EmbeddedChannel}): plain-text dialogue, MX delivery, undecodable input. */
class SmtpSessionTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50_000);
    private static final ServerTls TLS = ServerTls.forBundle(CertificateBundle.shared());

    private final MutableClock clock = MutableClock.at("2025-01-26T18:54:30.055Z");
    private final HostIdentity identity = HostIdentity.of(HostIdentity.DEFAULT_SEED, clock.instant());
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final MailStore store = new MailStore(clock);
    private final SessionJournal journal = new SessionJournal(clock);
    private MemoryBudget inFlight = MemoryBudget.unlimited();
    private EmbeddedChannel channel;
    private SessionRecord record;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void greetsWithTheBannerAndTheInstanceMarker() {
        assertThat(open(Endpoint.SUBMISSION)).isEqualTo("220 " + identity.bannerHost()
                + " Microsoft ESMTP MAIL Service ready at Sun, 26 Jan 2025 18:54:30 +0000 [" + identity.instanceMarker() + "]\r\n");
    }

    @Test
    void mailWithoutTlsOnSubmissionAsksForStartTlsWithTheTrailer() {
        open(Endpoint.SUBMISSION);
        send("HELO client.example\r\n");
        assertThat(send("MAIL FROM:<adele@contoso.com>\r\n")).isEqualTo("451 5.7.3 STARTTLS is required to send mail "
                + identity.trailer(clock.instant()) + "\r\n");
    }

    @Test
    void authBeforeStartTlsOnSubmissionIsAnUnrecognisedTypeAsOnTheMx() {
        open(Endpoint.SUBMISSION);
        send("EHLO client.example\r\n");
        assertThat(send("AUTH LOGIN\r\n")).isEqualTo("504 5.7.4 Unrecognized authentication type "
                + identity.trailer(clock.instant()) + "\r\n");
    }

    @Test
    void mxAcceptsMailForATenantMailboxAndStoresItWithAReceivedHeader() {
        open(Endpoint.SMTP);
        send("HELO mta.example.org\r\n");
        String replies = send("MAIL FROM:<a@example.org>\r\nRCPT TO:<adele.vance@contoso.com>\r\nDATA\r\n");
        assertThat(replies).isEqualTo("250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n"
                + "354 Start mail input; end with <CRLF>.<CRLF>\r\n");
        // Split across reads, with a dot-stuffed line.
        send("Subject: hi\r\n\r\n..x\r");
        assertThat(send("\n.\r\n")).startsWith("250 2.6.0 <").endsWith(" Queued mail for delivery\r\n");
        java.nio.ByteBuffer raw = store.open("adele@contoso.com").inbox().snapshot().messages().get(0).message().raw();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        String stored = new String(bytes, StandardCharsets.UTF_8);
        assertThat(stored).startsWith("Received: from mta.example.org (127.0.0.1) by " + identity.mxFqdn())
                .endsWith("+0000\r\nSubject: hi\r\n\r\n.x\r\n");
    }

    @Test
    void anOverlongLineAndABareLfAreAnsweredAndTheSessionGoesOn() {
        open(Endpoint.SUBMISSION);
        assertThat(send("NOOP " + "x".repeat(600) + "\r\n")).isEqualTo("500 5.5.2 Line too long\r\n");
        assertThat(send("NOOP\n")).isEqualTo("500 5.5.2 Syntax error, command unrecognized\r\n");
        assertThat(send("NOOP\r\n")).isEqualTo("250 2.0.0 OK\r\n");
        assertThat(record.protocolErrors()).hasSize(2);
    }

    @Test
    void bdatWithoutATransactionIsRefusedAfterItsChunkIsConsumed() {
        open(Endpoint.SMTP);
        send("EHLO mta.example.org\r\n");
        assertThat(send("BDAT 5 LAST\r\nhello")).isEqualTo("503 5.5.2 Need mail command\r\n");
        assertThat(send("NOOP\r\n")).isEqualTo("250 2.0.0 OK\r\n");
    }

    @Test
    void quitIsAnsweredAndClosesTheConnection() {
        open(Endpoint.SUBMISSION);
        assertThat(send("QUIT\r\n")).isEqualTo("221 2.0.0 Service closing transmission channel\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void dataAfterABdatChunkIsRefusedAndTheChunkReceivedIsReleased() {
        List<ByteBuf> allocated = new ArrayList<>();
        open(Endpoint.SMTP, FaultPlan.none(identity, clock), tracking(allocated));
        send("EHLO mta.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<adele@contoso.com>\r\n");
        assertThat(send("BDAT 5\r\nhello")).isEqualTo("250 2.0.0 5 bytes received\r\n");
        // RFC 3030 §2: DATA may not follow BDAT in one transaction.
        String dataReply = send("DATA\r\n");
        assertThat(send("RSET\r\n")).isEqualTo("250 2.0.0 Resetting\r\n");
        channel.finishAndReleaseAll();
        channel = null;
        assertThat(allocated).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
        assertThat(dataReply).isEqualTo("503 5.5.1 Bad sequence of commands\r\n");
    }

    @Test
    void aDelayedRuleReplyToBdatAnswersTheChunkOnce() {
        FaultPlan plan = new FaultPlan(ScenarioLoader.parse("""
                name: t
                rules:
                  - when: { stage: command, command: BDAT }
                    then: { delay: { millis: 500 }, reply: { code: 452, enhanced: 4.3.1, text: "Insufficient system resources" } }
                """, "t.yaml"), identity, clock);
        open(Endpoint.SMTP, plan, null);
        send("EHLO mta.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<adele@contoso.com>\r\n");
        assertThat(send("BDAT 5\r\nhello")).isEmpty();
        channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(drain()).isEqualTo("452 4.3.1 Insufficient system resources\r\n");
        assertThat(send("NOOP\r\n")).isEqualTo("250 2.0.0 OK\r\n");
    }

    @Test
    void aBodysReservationIsGivenBackByANewEhloAndByTheClose() {
        inFlight = new MemoryBudget(1000);
        open(Endpoint.SMTP);
        send("EHLO mta.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<adele@contoso.com>\r\n");
        assertThat(send("BDAT 5\r\nhello")).isEqualTo("250 2.0.0 5 bytes received\r\n");
        assertThat(inFlight.used()).isEqualTo(5);
        assertThat(send("EHLO mta.example.org\r\n")).startsWith("250-");
        assertThat(inFlight.used()).as("EHLO ends the transaction").isZero();

        send("MAIL FROM:<a@example.org>\r\nRCPT TO:<adele@contoso.com>\r\nDATA\r\n");
        send("Subject: partial\r\n\r\nstill coming");
        assertThat(inFlight.used()).isPositive();
        channel.close();
        assertThat(inFlight.used()).as("the close ends it too").isZero();
    }

    @Test
    void anEndlessLineIsAnsweredAndClosesTheConnectionEvenBehindADelayedReply() {
        FaultPlan plan = new FaultPlan(ScenarioLoader.parse("""
                name: t
                rules:
                  - when: { stage: command, command: NOOP }
                    then: { delay: { millis: 500 } }
                """, "t.yaml"), identity, clock);
        open(Endpoint.SMTP, plan, null);
        assertThat(send("NOOP\r\n")).as("delayed").isEmpty();

        String reply = send("NOOP " + "x".repeat(SmtpRequestDecoder.DEFAULT_ENDLESS_LINE_LENGTH));

        assertThat(reply).isEqualTo("500 5.5.2 Line too long\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(record.protocolErrors()).singleElement().asString().startsWith("endless command line");
    }

    /** An allocator that remembers every buffer it hands out. */
    private static ByteBufAllocator tracking(List<ByteBuf> allocated) {
        return new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
                allocated.add(buf);
                return buf;
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
    }

    private String open(Endpoint endpoint) {
        return open(endpoint, FaultPlan.none(identity, clock), null);
    }

    private String open(Endpoint endpoint, FaultPlan faults, ByteBufAllocator allocator) {
        EndpointContext context = new EndpointContext(endpoint, identity, clock, journal, TLS, tenant, store,
                new MailDelivery(tenant, store, inFlight), new ConfiguredTokens(), faults);
        channel = new EmbeddedChannel(false, false);
        if (allocator != null) {
            channel.config().setAllocator(allocator);
        }
        record = journal.open(endpoint, new InetSocketAddress("127.0.0.1", endpoint.standardPort()), CLIENT);
        channel.attr(ConnectionRecorder.RECORD).set(record);
        SmtpSession.initialize(channel, context);
        try {
            channel.register();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return drain();
    }

    private String send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        return drain();
    }

    private String drain() {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }
}
