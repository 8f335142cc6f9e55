package dev.o365emulator.server.internal.fault;

import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.reply.Office365Reply;
import java.time.Duration;
import java.util.Optional;

/**
 * What the fault plan decided for one stage event: go on normally ({@link #PROCEED}), or the rule
 * that fired with its delay, reply and fault. Carried out by a {@link FaultExecutor}.
 *
 * @param ruleId the rule that fired, or null for {@link #PROCEED}
 * @param delay how long to wait before the rest (zero for none)
 * @param reply the reply to send instead of the session's own, its placeholders filled, or null
 * @param fault what happens to the connection (after the reply, if any), or null
 * @param bytesPerSecond the rate of {@link Fault#THROTTLE}
 */
public record FaultDecision(String ruleId, Stage stage, Duration delay, Office365Reply reply, Fault fault,
        int bytesPerSecond) {

    /** No rule fired: the session does its normal work. */
    public static final FaultDecision PROCEED = new FaultDecision(null, null, Duration.ZERO, null, null, 0);

    /** Whether no rule fired. */
    public boolean isProceed() {
        return ruleId == null;
    }

    /**
     * Whether the session goes on with its normal work after the delay: no reply replaces it and the
     * fault (if any) leaves the connection usable ({@code throttle}).
     */
    public boolean proceedsAfterDelay() {
        return reply == null && (fault == null || fault == Fault.THROTTLE);
    }

    public Optional<Office365Reply> replyIfAny() {
        return Optional.ofNullable(reply);
    }

    /** This decision with its delay only: neither its reply nor its fault. */
    public FaultDecision delayOnly() {
        return new FaultDecision(ruleId, stage, delay, null, null, 0);
    }

    /** This decision without its reply (a token preset's reply is the session's own). */
    public FaultDecision withoutReply() {
        return new FaultDecision(ruleId, stage, delay, null, fault, bytesPerSecond);
    }

    /** This decision without its delay, once the delay has passed. */
    public FaultDecision now() {
        return new FaultDecision(ruleId, stage, Duration.ZERO, reply, fault, bytesPerSecond);
    }
}
