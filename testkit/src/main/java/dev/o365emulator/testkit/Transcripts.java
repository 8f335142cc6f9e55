package dev.o365emulator.testkit;

import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.TranscriptLine;
import java.util.List;

/** Renders journal sessions for assertion failure messages. */
final class Transcripts {

    /** Lines shown per session in a failure message; the rest is elided. */
    static final int MAX_LINES = 40;

    private Transcripts() {}

    static String recent(Sessions journal, int sessions) {
        List<Session> all = journal.all();
        if (all.isEmpty()) {
            return "  (no connections)";
        }
        StringBuilder out = new StringBuilder();
        for (Session s : all.subList(Math.max(0, all.size() - sessions), all.size())) {
            out.append(render(s));
        }
        return out.toString();
    }

    static String render(Session session) {
        StringBuilder out = new StringBuilder("  ").append(describe(session)).append('\n');
        List<TranscriptLine> lines = session.transcript();
        int from = Math.max(0, lines.size() - MAX_LINES);
        if (from > 0) {
            out.append("    … ").append(from).append(" earlier lines\n");
        }
        for (TranscriptLine line : lines.subList(from, lines.size())) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }

    /** One line naming a session: {@code #3 submission 127.0.0.1:50432 TLSv1.3 adele@contoso.com}. */
    static String describe(Session session) {
        return "#" + session.id() + " " + session.endpoint().id() + " "
                + session.remoteAddress().getAddress().getHostAddress() + ":" + session.remoteAddress().getPort()
                + session.tls().map(t -> " " + t.protocol()).orElse("") + session.user().map(u -> " " + u).orElse("");
    }
}
