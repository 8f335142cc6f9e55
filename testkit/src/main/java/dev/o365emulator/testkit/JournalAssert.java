package dev.o365emulator.testkit;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.journal.FiredRule;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.TranscriptLine;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions over every connection of the journal; failure messages show recent transcripts. */
public final class JournalAssert extends AbstractAssert<JournalAssert, Sessions> {

    JournalAssert(Sessions actual) {
        super(actual, JournalAssert.class);
    }

    /** Exactly this many connections were made (to any endpoint). */
    public JournalAssert hasSessionCount(int count) {
        isNotNull();
        int n = actual.all().size();
        if (n != count) {
            failWithMessage("Expected %d connection(s) but there were %d%n%s", count, n, Transcripts.recent(actual, 5));
        }
        return this;
    }

    /** At least one connection was made to the endpoint. */
    public JournalAssert hasSessionOn(Endpoint endpoint) {
        isNotNull();
        if (actual.filter(s -> s.endpoint() == endpoint).isEmpty()) {
            failWithMessage("Expected a connection to %s but there was none%n%s", endpoint.id(),
                    Transcripts.recent(actual, 5));
        }
        return this;
    }

    /** No connection saw a protocol error. */
    public JournalAssert hasNoProtocolErrors() {
        isNotNull();
        List<Session> bad = actual.filter(s -> !s.protocolErrors().isEmpty());
        if (!bad.isEmpty()) {
            StringBuilder out = new StringBuilder();
            bad.forEach(s -> out.append(s.protocolErrors()).append('\n').append(Transcripts.render(s)));
            failWithMessage("Expected no protocol errors but %d session(s) had some:%n%s", bad.size(), out);
        }
        return this;
    }

    /** Scenario rule {@code ruleId} fired exactly {@code times} times, across every connection. */
    public JournalAssert ruleFired(String ruleId, int times) {
        isNotNull();
        long fired = actual.all().stream().flatMap(s -> s.firedRules().stream()).map(FiredRule::rule)
                .filter(ruleId::equals).count();
        if (fired != times) {
            List<String> all = actual.all().stream().flatMap(s -> s.firedRules().stream()).map(FiredRule::rule)
                    .toList();
            failWithMessage("Expected rule <%s> to fire %d time(s) but it fired %d time(s); rules fired: %s%n%s",
                    ruleId, times, fired, all, Transcripts.recent(actual, 3));
        }
        return this;
    }

    /**
     * A command (prefix, e.g. {@code "MAIL FROM"}) got a transient {@code 4xx} reply and the client
     * sent it again afterwards, in the same or a later connection, and that attempt was not
     * answered with {@code 4xx} or {@code 5xx}: it retried and got through.
     */
    public JournalAssert clientRetriedAfterTransientFailure(String command) {
        isNotNull();
        boolean failedOnce = false;
        for (Session session : actual.all()) {
            List<TranscriptLine> lines = session.transcript();
            for (int i = 0; i < lines.size(); i++) {
                if (!SessionAssert.isCommand(lines.get(i), command)) {
                    continue;
                }
                List<String> reply = SessionAssert.replyAfter(lines, i);
                String last = reply.isEmpty() ? "" : reply.get(reply.size() - 1);
                if (last.startsWith("4")) {
                    failedOnce = true;
                } else if (failedOnce && !last.startsWith("5") && !last.isEmpty()) {
                    return this;
                }
            }
        }
        failWithMessage(failedOnce
                ? "Expected the client to retry <%s> after its 4xx reply and get through, but it did not%n%s"
                : "Expected <%s> to meet a 4xx reply and be retried, but it never got a 4xx reply%n%s",
                command, Transcripts.recent(actual, 5));
        return this;
    }
}
