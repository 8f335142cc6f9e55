package dev.o365emulator.cli;

import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.JournalListener;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.journal.Severity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --lint}: counts the findings of every session per client (its address, and the user it
 * signed in as when it did) and prints them as one table when the emulator stops, Ctrl-C included.
 *
 * <p>Bounded: at most {@link #MAX_CLIENTS} clients are kept (the least recently seen one goes first),
 * each with at most one row per finding id. Called on event loops; the counting is a map update under
 * this object's lock.
 */
final class LintSummary implements JournalListener {

    static final int MAX_CLIENTS = 1000;

    private record Row(Severity severity, long count) {
    }

    private final Map<String, Map<String, Row>> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Row>> eldest) {
            return size() > MAX_CLIENTS;
        }
    };
    private long sessions;

    @Override
    public synchronized void sessionOpened(SessionRecord session) {
        sessions++;
    }

    @Override
    public synchronized void findingRecorded(SessionRecord session, Finding finding) {
        String client = session.remoteAddress().getAddress().getHostAddress()
                + session.user().map(u -> " (" + u + ")").orElse("");
        clients.computeIfAbsent(client, c -> new LinkedHashMap<>())
                .merge(finding.id(), new Row(finding.severity(), 1), (a, b) -> new Row(a.severity(), a.count() + 1));
    }

    /** Prints the table (or says there was nothing to report). */
    synchronized void print(PrintWriter out) {
        out.println();
        if (clients.isEmpty()) {
            out.println("Findings (--lint): none in " + sessions + " session" + (sessions == 1 ? "" : "s") + ".");
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"client", "finding", "severity", "sessions"});
        clients.forEach((client, findings) -> findings.forEach((id, row) -> rows.add(new String[] {client, id,
                row.severity().name().toLowerCase(Locale.ROOT), String.valueOf(row.count())})));
        int[] widths = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        out.println("Findings (--lint) in " + sessions + " session" + (sessions == 1 ? "" : "s")
                + "; every id is explained in docs/findings.md:");
        for (String[] r : rows) {
            out.println(String.format(Locale.ROOT, "%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2]
                    + "s  %" + widths[3] + "s", r[0], r[1], r[2], r[3]).stripTrailing());
        }
        out.flush();
    }
}
