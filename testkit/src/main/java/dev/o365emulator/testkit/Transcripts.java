package dev.o365emulator.testkit;

import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import java.util.List;

/** Renders journal sessions for assertion failure messages. */
final class Transcripts {

    /** Lines shown per session in a failure message; the rest is elided. */
    static final int MAX_LINES = 40;

    private Transcripts() {}

    static String recent(SessionJournal journal, int sessions) {
        List<SessionRecord> all = journal.sessions();
        if (all.isEmpty()) {
            return "  (no connections)";
        }
        StringBuilder out = new StringBuilder();
        for (SessionRecord s : all.subList(Math.max(0, all.size() - sessions), all.size())) {
            out.append(render(s));
        }
        return out.toString();
    }

    static String render(SessionRecord session) {
        StringBuilder out = new StringBuilder("  ").append(session).append('\n');
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
}
