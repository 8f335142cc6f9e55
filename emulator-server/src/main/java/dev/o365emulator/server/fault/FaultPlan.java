package dev.o365emulator.server.fault;

import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioRuntime;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.scenarios.Then;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.HostIdentity;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.net.ConnectionRecorder;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's active scenario and its decisions: every protocol session asks it at each
 * {@link Stage} what to do.
 *
 * <p>A session reports a stage in a few lines:
 *
 * <pre>{@code
 * private void onMailFrom(ChannelHandlerContext ctx, String sender) {
 *     FaultPlan faults = context.faults();
 *     FaultDecision d = faults.decide(ctx.channel(),
 *             faults.event(ctx.channel(), Stage.MAIL_FROM).user(user).sender(sender).build());
 *     FaultActions.apply(ctx, d, ReplyRenderer.smtp(), () -> mailFrom(ctx, sender));
 * }
 * }</pre>
 *
 * <p>Each firing is recorded in the connection's journal with the rule id. The scenario can be
 * replaced at runtime ({@link #use}) and its counters and state reset ({@link #reset}); both are
 * thread-safe.
 */
public final class FaultPlan {

    private final HostIdentity identity;
    private final Clock clock;
    private final AtomicReference<ScenarioRuntime> runtime;

    public FaultPlan(Scenario scenario, HostIdentity identity, Clock clock) {
        this.identity = Objects.requireNonNull(identity);
        this.clock = Objects.requireNonNull(clock);
        this.runtime = new AtomicReference<>(new ScenarioRuntime(scenario));
    }

    /** A plan without rules: every stage proceeds. */
    public static FaultPlan none(HostIdentity identity, Clock clock) {
        return new FaultPlan(Scenario.none(), identity, clock);
    }

    /** The active scenario. */
    public Scenario scenario() {
        return runtime.get().scenario();
    }

    /** Makes this scenario the active one, with fresh counters and state. */
    public void use(Scenario scenario) {
        runtime.set(new ScenarioRuntime(scenario));
    }

    /** Forgets every counter and state of the active scenario and restarts its random generator. */
    public void reset() {
        runtime.get().reset();
    }

    /** The server-wide state of the active scenario ({@code Started} until a rule moves it). */
    public String state() {
        return runtime.get().serverState();
    }

    /** {@code refuse} or {@code drop-connect} when the active scenario blocks this endpoint's listener. */
    public Optional<Fault> listenerFault(Endpoint endpoint) {
        return runtime.get().listenerFault(id(endpoint.protocol()), endpoint.id());
    }

    /**
     * An event at a stage of this channel's connection with the facts the channel knows (protocol,
     * endpoint, session id, TLS, client address); the session adds command, user, sender….
     */
    public StageEvent.Builder event(Channel channel, Stage stage) {
        SessionRecord record = ConnectionRecorder.record(channel);
        Endpoint endpoint = record.endpoint();
        StageEvent.Builder b = StageEvent.builder(stage, id(endpoint.protocol()), endpoint.id())
                .session(record.index())
                .tls(channel.pipeline().get(SslHandler.class) != null);
        if (channel.remoteAddress() instanceof InetSocketAddress remote) {
            b.clientIp(remote.getAddress().getHostAddress());
        }
        return b;
    }

    /**
     * Evaluates the active scenario's rules for an event of this channel; a firing is recorded in the
     * channel's journal with the rule id.
     */
    public FaultDecision decide(Channel channel, StageEvent event) {
        Optional<ScenarioRuntime.Firing> firing = runtime.get().evaluate(event);
        if (firing.isEmpty()) {
            return FaultDecision.PROCEED;
        }
        Then then = firing.get().rule().then();
        FaultReply reply = reply(then, event);
        String ruleId = firing.get().rule().id();
        SessionRecord record = ConnectionRecorder.record(channel);
        if (record != null) {
            record.ruleFired(ruleId, "at " + event.stage().id() + (event.command() == null ? "" : " " + event.command())
                    + describe(firing.get().delayMillis(), then));
        }
        return new FaultDecision(ruleId, event.stage(), Duration.ofMillis(firing.get().delayMillis()), reply,
                then.fault(), then.bytesPerSecond() == null ? 0 : then.bytesPerSecond());
    }

    /** Forgets a closed connection's per-session counters and state. */
    public void sessionClosed(long session) {
        runtime.get().sessionClosed(session);
    }

    private FaultReply reply(Then then, StageEvent event) {
        FaultReply raw;
        if (then.reply() != null) {
            var r = then.reply();
            raw = new FaultReply(r.code(), r.enhanced(), r.text(), r.imap(), r.bye());
        } else if (then.preset() != null) {
            raw = PresetReplies.reply(then.presetValue().orElseThrow(), protocol(event.protocol()), event.command());
        } else {
            return null;
        }
        return new FaultReply(raw.code(), raw.enhanced(), fill(raw.text(), event), raw.imap(),
                raw.bye() == null ? null : fill(raw.bye(), event));
    }

    /** Fills {@code {clientIp}}, {@code {host}}, {@code {timestampTrailer}}, {@code {user}} and {@code {sender}}. */
    String fill(String text, StageEvent event) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        return text.replace("{clientIp}", Objects.toString(event.clientIp(), ""))
                .replace("{host}", identity.fqdn())
                .replace("{timestampTrailer}", identity.trailer(clock.instant()))
                .replace("{user}", Objects.toString(event.user(), ""))
                .replace("{sender}", Objects.toString(event.sender(), ""));
    }

    private static String describe(long delayMillis, Then then) {
        StringBuilder s = new StringBuilder();
        if (delayMillis > 0) {
            s.append(", delay ").append(delayMillis).append(" ms");
        }
        if (then.preset() != null) {
            s.append(", preset ").append(then.preset());
        }
        if (then.reply() != null) {
            s.append(", reply");
        }
        if (then.fault() != null) {
            s.append(", fault ").append(then.fault().id());
        }
        return s.toString();
    }

    private static String id(Protocol protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }

    private static Protocol protocol(String id) {
        return Protocol.valueOf(id.toUpperCase(Locale.ROOT));
    }
}
