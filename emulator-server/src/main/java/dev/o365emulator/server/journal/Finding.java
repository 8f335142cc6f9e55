package dev.o365emulator.server.journal;

import java.util.Objects;

/**
 * Something a client did that Office 365 would refuse, or that is fragile against it, judged while the
 * session ran ("lint"). {@code docs/findings.md} lists every id.
 *
 * @param id the finding's stable id, e.g. {@code auth-before-starttls}
 * @param line the index of the transcript line it points at, counted from the session's first line
 *     (lines dropped from the front of a long transcript still count); -1 when it points at none
 * @param advice one sentence saying what to change
 */
public record Finding(String id, Severity severity, long line, String advice) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(advice, "advice");
    }

    /** {@code ! ERROR auth-before-starttls: advice}, as {@code --trace} prints it. */
    @Override
    public String toString() {
        return "! " + severity + " " + id + ": " + advice;
    }
}
