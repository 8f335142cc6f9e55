package dev.o365emulator.testkit;

import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.journal.Severity;
import java.util.List;
import java.util.stream.Collectors;

/** Fails a test whose sessions hold findings of a severity it does not accept. */
final class FindingsCheck {

    private FindingsCheck() {
    }

    static void failOn(Severity threshold, List<SessionRecord> sessions) {
        StringBuilder found = new StringBuilder();
        for (SessionRecord session : sessions) {
            List<Finding> bad = session.findings().stream().filter(f -> f.severity().atLeast(threshold)).toList();
            if (!bad.isEmpty()) {
                found.append("session ").append(session).append(":\n").append(render(bad)).append('\n');
            }
        }
        if (found.length() > 0) {
            throw new AssertionError("The client did what Office 365 refuses or will refuse (findings of severity "
                    + threshold + " or worse; docs/findings.md):\n" + found);
        }
    }

    static String render(List<Finding> findings) {
        return findings.stream().map(f -> "  " + f + " (transcript line " + f.line() + ")")
                .collect(Collectors.joining("\n"));
    }
}
