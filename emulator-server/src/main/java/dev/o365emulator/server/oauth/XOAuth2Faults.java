package dev.o365emulator.server.oauth;

import dev.o365emulator.scenarios.Preset;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.server.EndpointContext;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.fault.FaultActions;
import dev.o365emulator.server.fault.FaultDecision;
import dev.o365emulator.server.fault.FaultPlan;
import dev.o365emulator.server.fault.ReplyRenderer;
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
 * is carried out by {@link FaultActions}, and the real validation runs when it lets the login go on.
 *
 * <pre>{@code
 * XOAuth2Faults.authenticate(ctx, context, Protocol.POP3, "AUTH", null, bearer.user(), bearer.token(),
 *         token -> finishLogin(ctx, bearer, token));
 * }</pre>
 */
public final class XOAuth2Faults {

    private XOAuth2Faults() {
    }

    /**
     * Asks the plan about this XOAUTH2 login and calls {@code then} with the token's decision, unless a
     * rule's reply or fault ended the attempt.
     *
     * @param tag the IMAP command tag (null for SMTP and POP3), for replies rendered by the plan
     */
    public static void authenticate(ChannelHandlerContext ctx, EndpointContext context, Protocol protocol,
            String command, String tag, String user, String token, Consumer<TokenDecision> then) {
        FaultPlan faults = context.faults();
        StageEvent event = faults.event(ctx.channel(), Stage.AUTH).command(command).mechanism("XOAUTH2").user(user)
                .build();
        FaultDecision decision = faults.decide(ctx.channel(), event);
        ReplyRenderer renderer = ReplyRenderer.of(protocol, tag);
        Optional<Preset> preset = decision.isProceed() ? Optional.empty()
                : faults.scenario().rule(decision.ruleId()).flatMap(rule -> rule.then().presetValue())
                        .filter(XOAuth2Faults::isTokenPreset);
        if (preset.isEmpty()) {
            FaultActions.apply(ctx, decision, renderer, () -> then.accept(context.tokens().validate(protocol, token)));
            return;
        }
        FaultDecision withoutReply = new FaultDecision(decision.ruleId(), decision.stage(), decision.delay(), null,
                decision.fault(), decision.bytesPerSecond());
        FaultActions.apply(ctx, withoutReply, renderer,
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
