package dev.o365emulator.server.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * A scenario rule that fired on a connection, and what it did.
 *
 * @param rule the rule's id in the scenario file
 * @param effect where it fired and what it did, e.g. {@code at mail-from, replied 451 4.7.500 …}
 * @param time when it fired
 */
public record FiredRule(String rule, String effect, Instant time) {

    public FiredRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(time, "time");
    }
}
