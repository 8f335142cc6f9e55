package dev.o365emulator.server.internal.findings;

import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.SessionListener;
import dev.o365emulator.server.journal.TranscriptLine;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Judges {@code poll-instead-of-idle}: an IMAP client that opens (SELECT, EXAMINE) or asks STATUS of
 * the same folder again and again, less than {@link #POLL_INTERVAL} apart, and never uses IDLE, which
 * the emulator, like Office 365, always offers. Across connections, since many pollers reconnect for
 * each look; keyed by the client's address and the user signed in.
 *
 * <p>Thresholds: the "more often than every 60 s"; and {@link #POLLS} looks in a row, because one
 * quick second look is ordinary (a client re-opens INBOX after working in another folder, or asks its
 * STATUS right after a COPY), while a third at the same pace is a loop. A client that has used IDLE
 * once is not judged again: a client that idles on INBOX and looks at other folders now and then is
 * doing what Office 365 wants.
 *
 * <p>It judges from the journal, as a listener, on the transcript's times (the emulator's clock).
 * Bounded: at most {@link ClientTracker#MAX_CLIENTS} clients (least recently seen forgotten first),
 * each with at most {@link #MAX_FOLDERS} folders.
 */
public final class PollTracker implements SessionListener {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(60);
    static final int POLLS = 3;
    static final int MAX_FOLDERS = 64;

    private record Streak(Instant last, int count) {
    }

    private static final class Client {
        boolean idles;
        final Map<String, Streak> folders = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Streak> eldest) {
                return size() > MAX_FOLDERS;
            }
        };
    }

    private final Map<String, Client> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
            return size() > ClientTracker.MAX_CLIENTS;
        }
    };

    /** Forgets every client, as between two tests. */
    public synchronized void forget() {
        clients.clear();
    }

    @Override
    public void lineRecorded(Session view, TranscriptLine line) {
        // The journal tells its listeners about its own records.
        SessionRecord session = (SessionRecord) view;
        if (session.protocol() == Protocol.IMAP && line.direction() == Direction.CLIENT && watched(line.text())
                && session.user().isPresent() && polls(session, line)) {
            FindingKinds.POLL_INSTEAD_OF_IDLE.report(session);
        }
    }

    /**
     * Whether the line's command is one {@link #polls} judges (IDLE, SELECT, EXAMINE, STATUS), told without
     * copying it: every other command of every IMAP session skips the tracker's lock.
     */
    private static boolean watched(String text) {
        int first = text.indexOf(' ');
        if (first < 0) {
            return false;
        }
        int second = text.indexOf(' ', first + 1);
        int end = second < 0 ? text.length() : second;
        return is(text, first + 1, end, "IDLE") || is(text, first + 1, end, "SELECT")
                || is(text, first + 1, end, "EXAMINE") || is(text, first + 1, end, "STATUS");
    }

    private static boolean is(String text, int from, int to, String word) {
        return to - from == word.length() && text.regionMatches(true, from, word, 0, word.length());
    }

    /** Whether this command line is the look that makes the client a poller. */
    private synchronized boolean polls(SessionRecord session, TranscriptLine line) {
        // "tag COMMAND arguments", as the session records it.
        String[] words = line.text().split(" ", 3);
        if (words.length < 2) {
            return false;
        }
        String command = words[1].toUpperCase(Locale.ROOT);
        Client c = clients.computeIfAbsent(session.remoteAddress().getAddress().getHostAddress() + "\n"
                + session.user().get(), k -> new Client());
        if (command.equals("IDLE")) {
            c.idles = true;
            return false;
        }
        if (c.idles || words.length < 3 || !(command.equals("SELECT") || command.equals("EXAMINE")
                || command.equals("STATUS"))) {
            return false;
        }
        String folder = folder(command, words[2]);
        Streak before = c.folders.get(folder);
        Instant now = line.time();
        int count = before != null && Duration.between(before.last(), now).compareTo(POLL_INTERVAL) < 0
                ? before.count() + 1 : 1;
        c.folders.put(folder, new Streak(now, count));
        return count >= POLLS;
    }

    /** The folder named first; INBOX in any case is one folder (RFC 3501 §5.1). */
    private static String folder(String command, String arguments) {
        String name = arguments;
        if (command.equals("STATUS")) {
            int list = arguments.lastIndexOf(" (");
            name = list < 0 ? arguments : arguments.substring(0, list);
        } else {
            int space = arguments.startsWith("\"") ? -1 : arguments.indexOf(' ');
            name = space < 0 ? arguments : arguments.substring(0, space); // SELECT INBOX (CONDSTORE)
        }
        return name.equalsIgnoreCase("INBOX") || name.equalsIgnoreCase("\"INBOX\"") ? "INBOX" : name;
    }
}
