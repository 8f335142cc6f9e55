package dev.o365emulator.server.fault;

import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.scenarios.Stage;
import java.time.Duration;
import java.util.Optional;

/**
 * What the fault plan decided for one stage event: go on normally ({@link #PROCEED}), or the rule
 * that fired with its delay, reply and fault. Apply it with {@link FaultActions#apply}.
 *
 * @param ruleId the rule that fired, or null for {@link #PROCEED}
 * @param delay how long to wait before the rest (zero for none)
 * @param reply the reply to send instead of the session's own, or null
 * @param fault what happens to the connection (after the reply, if any), or null
 * @param bytesPerSecond the rate of {@link Fault#THROTTLE}
 */
public record FaultDecision(String ruleId, Stage stage, Duration delay, FaultReply reply, Fault fault,
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

    public Optional<FaultReply> replyIfAny() {
        return Optional.ofNullable(reply);
    }
}
