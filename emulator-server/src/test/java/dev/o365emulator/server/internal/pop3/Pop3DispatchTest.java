package dev.o365emulator.server.internal.pop3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.codec.pop3.Pop3Command;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tls.ServerTls;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.FiredRule;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session's dispatch in memory (EmbeddedChannel): the states each command declares, which stage
 * it reports and when, the STLS go-ahead in the transcript, and the idle clock around a rule's delay.
 */
class Pop3DispatchTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

    private final MutableClock clock = MutableClock.at("2026-01-26T18:54:30Z");
    private final HostIdentity identity = HostIdentity.of(HostIdentity.DEFAULT_SEED, Instant.EPOCH);
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final MailStore store = new MailStore(clock);
    private final SessionJournal journal = new SessionJournal(clock);
    private EmbeddedChannel channel;
    private SessionRecord record;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void everyCommandDeclaresTheStatesItIsValidIn() {
        assertThat(Pop3Verb.STAT.validIn(Pop3State.AUTHORIZATION)).isFalse();
        assertThat(Pop3Verb.STAT.validIn(Pop3State.TRANSACTION)).isTrue();
        assertThat(Pop3Verb.PASS.validIn(Pop3State.TRANSACTION)).isFalse();
        assertThat(Pop3Verb.QUIT.validIn(Pop3State.AUTHORIZATION)).isTrue();
        assertThat(Pop3Verb.QUIT.validIn(Pop3State.TRANSACTION)).isTrue();
        for (Pop3Verb verb : Pop3Verb.values()) {
            assertThat(verb.validIn(Pop3State.UPDATE)).as(verb.name()).isFalse();
        }
        assertThat(Pop3Verb.of(Pop3Command.of("retr"))).contains(Pop3Verb.RETR);
        assertThat(Pop3Verb.of(Pop3Command.APOP)).isEmpty();
        assertThat(Pop3Verb.of(Pop3Command.of("XTND"))).isEmpty();
        assertThat(Pop3Verb.QUIT.stage()).isEqualTo(Stage.LOGOUT);
        assertThat(Pop3Verb.PASS.stage()).as("PASS reports its auth stage itself").isNull();
    }

    @Test
    void aCommandInAStateThatDoesNotTakeItIsRefusedWithoutReportingItsStage() throws Exception {
        open(Endpoint.POP3S, """
                name: t
                rules:
                  - { id: stat-busy, when: { protocol: pop3, command: STAT }, then: { preset: temporary-server-error } }
                """);
        send("STAT\r\n");
        assertThat(read()).isEqualTo("-ERR Command is not valid in this state.\r\n");
        assertThat(record.firedRules()).isEmpty();

        send("USER adele@contoso.com\r\nPASS Passw0rd!adele\r\nSTAT\r\n");
        assertThat(read()).endsWith("-ERR Temporary server error. Please try again later. PRX4 ["
                + identity.fqdn() + "]\r\n");
        assertThat(record.firedRules()).extracting(FiredRule::rule).containsExactly("stat-busy");
    }

    @Test
    void userReportsItsCommandStageBeforeItsOwnRefusalInPlainText() throws Exception {
        open(Endpoint.POP3, """
                name: t
                rules:
                  - { id: user-seen, when: { protocol: pop3, command: USER }, then: { delay: { millis: 10 } } }
                """);
        send("USER adele@contoso.com\r\n");
        elapse(Duration.ofMillis(10));
        assertThat(read()).isEqualTo("-ERR Command is not valid in this state.\r\n");
        assertThat(record.firedRules()).extracting(FiredRule::rule).containsExactly("user-seen");
    }

    @Test
    void aTlsHandshakeFailureRuleRecordsTheGoAheadItSends() throws Exception {
        open(Endpoint.POP3, """
                name: t
                rules:
                  - { id: bad-tls, when: { protocol: pop3, stage: starttls }, then: { fault: tls-handshake-failure } }
                """);
        send("STLS\r\n");
        assertThat(read()).isEqualTo("+OK Begin TLS negotiation.\r\n");
        assertThat(record.transcript()).extracting(TranscriptLine::toString)
                .containsSubsequence("C: STLS", "S: +OK Begin TLS negotiation.");
    }

    @Test
    void theIdleClockStartsAgainWhenARulesDelayEnds() throws Exception {
        open(Endpoint.POP3S, """
                name: t
                rules:
                  - { id: slow, when: { protocol: pop3, command: NOOP }, then: { delay: { millis: 1000 } } }
                """);
        send("USER adele@contoso.com\r\nPASS Passw0rd!adele\r\nNOOP\r\n");
        read();
        elapse(Duration.ofMillis(1000));
        assertThat(read()).as("the delayed NOOP").isEqualTo("+OK\r\n");
        elapse(Duration.ofMillis(250));
        assertThat(read()).as("250 ms after the delayed reply").isEmpty();
        assertThat(channel.isOpen()).isTrue();
        elapse(Duration.ofMillis(100));
        assertThat(read()).isEqualTo("-ERR Connection is closed. 13\r\n");
    }

    // ------------------------------------------------------------------------------------ harness

    private void open(Endpoint endpoint, String scenario) throws Exception {
        FaultPlan faults = new FaultPlan(ScenarioLoader.parse(scenario, "t.yaml"), identity, clock);
        EndpointContext context = new EndpointContext(endpoint, identity, clock, journal,
                ServerTls.forBundle(CertificateBundle.shared()), tenant, store, new MailDelivery(tenant, store),
                new ConfiguredTokens(), faults);
        channel = new EmbeddedChannel(false, false);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", endpoint.standardPort());
        record = journal.open(endpoint, loopback, loopback);
        channel.attr(ConnectionRecorder.RECORD).set(record);
        Pop3Session.initializer(IDLE_TIMEOUT).initialize(channel, context);
        channel.register();
        channel.freezeTime();
        assertThat(read()).startsWith("+OK The Microsoft Exchange POP3 service is ready. [");
    }

    /** Moves the emulator's clock and the channel's timers on together, in small steps. */
    private void elapse(Duration duration) {
        for (long left = duration.toMillis(); left > 0; left -= 10) {
            long step = Math.min(10, left);
            clock.advance(Duration.ofMillis(step));
            channel.advanceTimeBy(step, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            channel.runPendingTasks();
        }
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
}
