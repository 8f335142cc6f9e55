package dev.o365emulator.server.internal.session;

import dev.o365emulator.server.internal.oauth.TokenValidator;
import dev.o365emulator.server.internal.oauth.TokenDecision;
import dev.o365emulator.scenarios.Preset;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.fault.FaultDecision;
import dev.o365emulator.server.internal.fault.FaultPlan;
import io.netty.channel.ChannelHandlerContext;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code auth} stage of an XOAUTH2 login, reported to the fault plan once the SASL message is
 * decoded (so {@code user:} matches its {@code user=}), and the token's verdict handed to the session.
 *
 * <p>The token presets ({@code token-expired}, {@code token-invalid}, {@code token-missing-scope})
 * do not reply themselves: they replace the validator's verdict, so each session answers exactly as
 * it answers a real bad token ({@code 535 5.7.3}, {@code NO AUTHENTICATE failed.}, IMAP's OK then
 * {@code BAD User is authenticated but not connected.}, POP3's {@code -ERR Authentication failure…}),
 * even when the token presented is actually good. Every other decision (a reply, a delay, a fault)
 * is carried out by the session (which pauses reading during a delay, so commands pipelined behind
 * the AUTH wait for its answer), and the real validation runs when it lets the login go on.
 *
 * <pre>{@code
 * XOAuth2Faults.authenticate(ctx, context, Protocol.POP3, "AUTH", bearer.user(), bearer.token(),
 *         (decision, proceed) -> apply(ctx, decision, proceed), token -> finishLogin(ctx, bearer, token));
 * }</pre>
 */
public final class XOAuth2Faults {

    private XOAuth2Faults() {
    }

    /**
     * Carries out a fault decision the way a session does: a session passes its own, which pauses
     * reading during a delay so that commands pipelined behind the AUTH wait for its answer.
     */
    @FunctionalInterface
    public interface DecisionRunner {
        void run(FaultDecision decision, Runnable proceed);
    }

    /**
     * Asks the plan about this XOAUTH2 login and calls {@code then} with the token's decision, unless a
     * rule's reply or fault ended the attempt; {@code runner} is the session's own way of carrying out
     * a rule's delay, reply or fault.
     */
    public static void authenticate(ChannelHandlerContext ctx, EndpointContext context, Protocol protocol,
            String command, String user, String token, DecisionRunner runner, Consumer<TokenDecision> then) {
        FaultPlan faults = context.faults();
        StageEvent event = faults.event(ctx.channel(), Stage.AUTH).command(command).mechanism("XOAUTH2").user(user)
                .build();
        FaultDecision decision = faults.decide(ctx.channel(), event);
        Optional<Preset> preset = decision.isProceed() ? Optional.empty()
                : faults.scenario().rule(decision.ruleId()).flatMap(rule -> rule.then().presetValue())
                        .filter(XOAuth2Faults::isTokenPreset);
        if (preset.isEmpty()) {
            runner.run(decision, () -> then.accept(context.tokens().validate(protocol, token)));
            return;
        }
        FaultDecision withoutReply = decision.withoutReply();
        runner.run(withoutReply,
                () -> then.accept(forced(preset.get(), decision.ruleId(), protocol, user, context.tokens(), token)));
    }

    static boolean isTokenPreset(Preset preset) {
        return preset == Preset.TOKEN_EXPIRED || preset == Preset.TOKEN_INVALID || preset == Preset.TOKEN_MISSING_SCOPE;
    }

    private static TokenDecision forced(Preset preset, String ruleId, Protocol protocol, String user,
            TokenValidator tokens, String token) {
        return switch (preset) {
            case TOKEN_EXPIRED -> new TokenDecision.Rejected("token expired (rule " + ruleId + ")");
            case TOKEN_INVALID -> new TokenDecision.Rejected("invalid token (rule " + ruleId + ")");
            default -> {
                // Keep whose token it is when it is good, so the journal still names the right subject.
                TokenDecision real = tokens.validate(protocol, token);
                String subject = real instanceof TokenDecision.Accepted a ? a.subject()
                        : real instanceof TokenDecision.NotConnected n ? n.subject() : user;
                yield new TokenDecision.NotConnected(subject, "token lacks the scope for " + protocol
                        + " (rule " + ruleId + ")");
            }
        };
    }
}
