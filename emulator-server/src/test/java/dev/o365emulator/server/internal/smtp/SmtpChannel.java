package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.fault.GreetingGate;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tls.ServerTls;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP session in an {@link EmbeddedChannel}, on one endpoint, with an optional scenario: what a
 * test sends is one read, what it gets back is every byte the session wrote since.
 */
final class SmtpChannel implements AutoCloseable {

    private static final ServerTls TLS = ServerTls.forBundle(CertificateBundle.shared());

    final MutableClock clock = MutableClock.at("2025-01-26T18:54:30.055Z");
    final HostIdentity identity = HostIdentity.of(HostIdentity.DEFAULT_SEED, clock.instant());
    final Tenant tenant = Tenant.withDefaults(clock);
    final MailStore store = new MailStore(clock);
    final SessionRecord record;
    final EmbeddedChannel channel;
    final String banner;

    /**
     * @param scenarioRules YAML rules of a scenario, or null for none
     * @param allocator the channel's allocator, or null for the default
     */
    SmtpChannel(Endpoint endpoint, String scenarioRules, ByteBufAllocator allocator) {
        this(endpoint, scenarioRules, allocator, false);
    }

    /** @param greetingGate whether the emulator's greeting gate sits before the session, as on a listener */
    SmtpChannel(Endpoint endpoint, String scenarioRules, ByteBufAllocator allocator, boolean greetingGate) {
        SessionJournal journal = new SessionJournal(clock);
        FaultPlan faults = scenarioRules == null ? FaultPlan.none(identity, clock)
                : new FaultPlan(ScenarioLoader.parse("name: t\nrules:\n" + scenarioRules, "t.yaml"), identity, clock);
        EndpointContext context = new EndpointContext(endpoint, identity, clock, journal, TLS, tenant, store,
                new MailDelivery(tenant, store), new ConfiguredTokens(), faults);
        channel = new EmbeddedChannel(false, false);
        if (allocator != null) {
            channel.config().setAllocator(allocator);
        }
        record = journal.open(endpoint, new InetSocketAddress("127.0.0.1", endpoint.standardPort()),
                new InetSocketAddress("127.0.0.1", 50_000));
        channel.attr(ConnectionRecorder.RECORD).set(record);
        if (greetingGate) {
            channel.pipeline().addLast(GreetingGate.NAME, new GreetingGate(faults, SmtpReplyRenderer.GREETING));
        }
        SmtpSession.initialize(channel, context);
        try {
            channel.register();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        banner = drain();
    }

    SmtpChannel(Endpoint endpoint) {
        this(endpoint, null, null);
    }

    /** Sends the text as one read and returns what the session answered. */
    String send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        return drain();
    }

    /** Lets the channel's clock run on, and returns what the session answered meanwhile. */
    String elapse(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        return drain();
    }

    String drain() {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }

    /** The newest message in the mailbox's Inbox, as stored. */
    String inbox(String address) {
        var messages = store.open(address).inbox().snapshot().messages();
        ByteBuffer raw = messages.get(messages.size() - 1).message().raw();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An allocator that remembers every buffer it hands out, to check they were all released. */
    static ByteBufAllocator tracking(List<ByteBuf> allocated) {
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

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
