package dev.o365emulator.server.internal.findings;

import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.journal.Severity;
import java.util.Objects;

/**
 * One kind of client-behaviour finding: its stable id, severity, what triggers it and the advice
 * given. {@link FindingKinds} holds them all.
 *
 * @param trigger what the client did, as {@code docs/findings.md} says it
 */
public record FindingKind(String id, Severity severity, String trigger, String advice) {

    public FindingKind {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(advice, "advice");
    }

    /** Records this finding on the session, pointing at the transcript line recorded last. */
    public void report(SessionRecord record) {
        record.finding(new Finding(id, severity, Math.max(-1, record.linesRecorded() - 1), advice));
    }

    /**
     * Records this finding pointing at the transcript line that will be recorded next (the reply the
     * client is about to get).
     */
    public void reportNext(SessionRecord record) {
        record.finding(new Finding(id, severity, record.linesRecorded(), advice));
    }
}
