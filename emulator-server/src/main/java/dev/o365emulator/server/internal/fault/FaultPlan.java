package dev.o365emulator.server.internal.fault;

import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioRuntime;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.scenarios.Then;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.PresetReplies;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

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
 *     executor.apply(d, SmtpReplyRenderer.RESPONSES, () -> mailFrom(ctx, sender));
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
    /** Firings per rule id of the active runtime, every connection together; replaced with the runtime. */
    private volatile ConcurrentHashMap<String, LongAdder> hits = new ConcurrentHashMap<>();

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
        ScenarioRuntime next = new ScenarioRuntime(scenario);
        synchronized (this) {
            runtime.set(next);
            hits = new ConcurrentHashMap<>();
        }
    }

    /** Forgets every counter and state of the active scenario and restarts its random generator. */
    public void reset() {
        synchronized (this) {
            runtime.get().reset();
            hits = new ConcurrentHashMap<>();
        }
    }

    /**
     * How often each rule of the active scenario fired since it became active or was reset, every
     * connection together; rules that never fired are absent.
     */
    public Map<String, Long> hits() {
        Map<String, Long> out = new TreeMap<>();
        hits.forEach((rule, count) -> out.put(rule, count.sum()));
        return out;
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
     * Whether a rule of the active scenario can fire at {@code stage}: when not, {@link #decide} would
     * answer {@link FaultDecision#PROCEED} for any event there, and a session on a hot path (a POP3
     * RETR) need not build one. A scenario replaced meanwhile ({@link #use}) is seen at the next call.
     */
    public boolean mayFire(Stage stage) {
        return runtime.get().mayFire(stage);
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
        String ruleId = firing.get().rule().id();
        hits.computeIfAbsent(ruleId, id -> new LongAdder()).increment();
        Office365Reply reply = reply(ruleId, then, event);
        SessionRecord record = ConnectionRecorder.record(channel);
        if (record != null) {
            record.ruleFired(ruleId, "at " + event.stage().id() + (event.command() == null ? "" : " " + event.command())
                    + describe(firing.get().delayMillis(), then));
        }
        return new FaultDecision(ruleId, event.stage(), Duration.ofMillis(firing.get().delayMillis()), reply,
                then.fault(), then.bytesPerSecond() == null ? 0 : then.bytesPerSecond());
    }

    /**
     * Whether the active scenario's rule of this id names the endpoint in its {@code when: endpoint}:
     * a rule about that endpoint itself, not one that covers every endpoint.
     */
    public boolean ruleNamesEndpoint(String ruleId, Endpoint endpoint) {
        return scenario().effectiveRules().stream()
                .filter(rule -> rule.id().equals(ruleId))
                .anyMatch(rule -> rule.when().endpoint().contains(endpoint.id()));
    }

    /** Forgets a closed connection's per-session counters and state. */
    public void sessionClosed(long session) {
        runtime.get().sessionClosed(session);
    }

    private Office365Reply reply(String ruleId, Then then, StageEvent event) {
        Office365Reply raw;
        if (then.reply() != null) {
            raw = Office365Reply.fromRule(ruleId, then.reply());
        } else if (then.preset() != null) {
            raw = PresetReplies.of(then.presetValue().orElseThrow());
        } else {
            return null;
        }
        return raw.with(args(event));
    }

    /**
     * The values of a reply's placeholders: {@code {clientIp}}, {@code {host}}, {@code {timestampTrailer}},
     * {@code {user}}, {@code {sender}}, and {@code {command}} as IMAP names a login in its refusal
     * ({@code AUTHENTICATE}, else {@code LOGIN}).
     */
    ReplyArgs args(StageEvent event) {
        String command = "AUTHENTICATE".equalsIgnoreCase(event.command()) ? "AUTHENTICATE" : "LOGIN";
        return ReplyArgs.of("clientIp", event.clientIp(), "host", identity.fqdn(),
                ReplyArgs.TRAILER, identity.trailer(clock.instant()), "user", event.user(), "sender", event.sender(),
                "command", command);
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

}
