package dev.o365emulator.server.internal.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.testing.CapturingLogger;
import dev.o365emulator.server.internal.tls.ServerTls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class ConnectionErrorsTest {

    private final CapturingLogger log = new CapturingLogger();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ConnectionErrors errors = new ConnectionErrors(log, nanos::get, Duration.ofSeconds(10), ConnectionErrors.MAX_KINDS);

    private final Clock clock = Clock.systemUTC();
    private final SessionJournal journal = new SessionJournal(clock);

    @Test
    void logsAFailureAtWarnWithTheSessionAndTheCause() {
        errors.report("#7 imaps", new DecoderException(new SSLHandshakeException("certificate_unknown")));
        assertThat(log.entries()).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.WARN);
            assertThat(e.message()).startsWith("connection #7 imaps failed: io.netty.handler.codec.DecoderException")
                    .contains("certificate_unknown");
            assertThat(e.throwable()).as("no stack trace for a TLS failure").isNull();
        });
    }

    @Test
    void logsOneLinePerKindPerIntervalThenCountsTheOnesHeldBack() {
        for (int i = 0; i < 50; i++) {
            errors.report("#" + i + " smtp", new DecoderException("bad line " + i));
        }
        errors.report("#99 imap", new IllegalStateException("another kind"));
        assertThat(log.entries().get(0).throwable()).isInstanceOf(DecoderException.class);
        assertThat(log.entries()).extracting(CapturingLogger.Entry::message)
                .containsExactly("connection #0 smtp failed: io.netty.handler.codec.DecoderException: bad line 0",
                        "connection #99 imap failed: java.lang.IllegalStateException: another kind");
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        errors.report("#50 smtp", new DecoderException("bad line 50"));
        assertThat(log.entries().get(2).message()).isEqualTo(
                "connection #50 smtp failed: io.netty.handler.codec.DecoderException: bad line 50"
                        + " (49 more like it in the last 10 s not logged)");
    }

    @Test
    void logsAnOutOfMemoryErrorAtError() {
        errors.report("#3 smtp", new OutOfMemoryError("Java heap space"));
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        errors.report("#4 smtp", new DecoderException(new OutOfMemoryError("Cannot reserve 1048576 bytes of direct buffer memory")));
        assertThat(log.at(Level.ERROR)).hasSize(2).first().satisfies(e -> {
            assertThat(e.message()).startsWith("connection #3 smtp failed with java.lang.OutOfMemoryError: Java heap space");
            assertThat(e.throwable()).isInstanceOf(OutOfMemoryError.class);
        });
    }

    @Test
    void keepsAResetByThePeerAtDebug() {
        errors.report("#5 pop3", new IOException("recvAddress(..) failed: Connection reset by peer"));
        errors.report("#6 pop3", new IOException("writevAddresses(..) failed: Broken pipe"));
        assertThat(log.entries()).extracting(CapturingLogger.Entry::level).containsOnly(Level.DEBUG).hasSize(2);
    }

    @Test
    void tracksABoundedNumberOfKinds() {
        ConnectionErrors fewKinds = new ConnectionErrors(log, nanos::get, Duration.ofSeconds(10), 2);
        fewKinds.report("#1 smtp", new IllegalStateException("one"));
        fewKinds.report("#2 smtp", new IllegalArgumentException("two"));
        // Past the limit every new kind shares one window: the first is logged, the next held back.
        fewKinds.report("#3 smtp", new UnsupportedOperationException("three"));
        fewKinds.report("#4 smtp", new ArithmeticException("four"));
        assertThat(log.at(Level.WARN)).extracting(CapturingLogger.Entry::message).hasSize(3)
                .noneMatch(m -> m.contains("four"));
    }

    /** An embedded channel with socket addresses, as the recorder's journal record needs. */
    private static final class LoopbackChannel extends EmbeddedChannel {
        LoopbackChannel() {
            super(false, false);
        }

        @Override
        protected java.net.SocketAddress localAddress0() {
            return new InetSocketAddress("127.0.0.1", 143);
        }

        @Override
        protected java.net.SocketAddress remoteAddress0() {
            return new InetSocketAddress("127.0.0.1", 50_000);
        }
    }

    private EndpointContext context() {
        return new EndpointContext(Endpoint.IMAP, HostIdentity.of(HostIdentity.DEFAULT_SEED, Instant.EPOCH), clock,
                journal, ServerTls.forBundle(CertificateBundle.shared()), Tenant.withDefaults(clock),
                new MailStore(clock), new MailDelivery(Tenant.withDefaults(clock), new MailStore(clock)),
                new ConfiguredTokens());
    }

    @Test
    void aSessionFailureReachesTheLogRecordsItAndClosesTheConnection() throws Exception {
        ChannelInboundHandlerAdapter failingSession = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                throw new OutOfMemoryError("Java heap space");
            }
        };
        EmbeddedChannel channel = new LoopbackChannel();
        channel.pipeline().addLast(new ConnectionRecorder(context().journal(), Endpoint.IMAP, errors), failingSession,
                ConnectionRecorder.lastResort(errors));
        channel.register();
        channel.writeInbound(channel.alloc().buffer().writeBytes("a1 NOOP\r\n".getBytes(US_ASCII)));
        assertThat(channel.isOpen()).isFalse();
        SessionRecord record = ConnectionRecorder.record(channel);
        assertThat(log.at(Level.ERROR)).singleElement().satisfies(e -> assertThat(e.message())
                .startsWith("connection #" + record.index() + " imap failed with java.lang.OutOfMemoryError"));
        assertThat(record.transcript().toString()).contains("connection error: java.lang.OutOfMemoryError: Java heap space");
        channel.finishAndReleaseAll();
    }

    @Test
    void aTransportFailureBeforeTheSessionReachesTheLogThroughTheRecorder() throws Exception {
        EmbeddedChannel channel = new LoopbackChannel();
        channel.pipeline().addLast(new ConnectionRecorder(context().journal(), Endpoint.IMAP, errors));
        channel.register();
        channel.pipeline().fireExceptionCaught(new DecoderException(new SSLHandshakeException("no cipher suites in common")));
        assertThat(channel.isOpen()).isFalse();
        assertThat(log.at(Level.WARN)).singleElement().satisfies(e -> assertThat(e.message())
                .contains(" imap failed: ").contains("no cipher suites in common"));
        channel.finishAndReleaseAll();
    }
}
