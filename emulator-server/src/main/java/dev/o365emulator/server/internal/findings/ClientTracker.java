package dev.o365emulator.server.internal.findings;

import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.SessionListener;
import dev.o365emulator.server.journal.TranscriptLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The findings that need more than one connection: {@code no-backoff} (a new connection within a
 * second of a "server busy" or throttle reply), {@code retry-storm} (more than {@code N} connections
 * in a minute after a transient refusal) and {@code retry-after-permanent} (an SMTP command or
 * transaction sent again after Office 365 refused it with a {@code 5xx}). Keyed by the client's
 * address, the only thing two connections of one client are sure to share before they log in; a
 * refusal is remembered with the user signed in when it came, so that a client refused before it
 * logged in may send the same thing once it has.
 *
 * <p>It judges from the journal, as a listener: the server lines are what the client saw, so a
 * transient refusal is a line the client got, whichever session or rule wrote it (an SMTP {@code 4xx},
 * IMAP's or POP3's throttle and "Server Unavailable" texts). Times are the transcript's, from the
 * emulator's clock. Bounded: at most {@link #MAX_CLIENTS} clients (least recently seen forgotten
 * first), each with at most {@code N + 1} connection times and {@value #MAX_REFUSALS} refusals; one
 * SMTP transaction per open session (its MAIL FROM and at most {@value #MAX_RECIPIENTS} accepted RCPT TO).
 */
public final class ClientTracker implements SessionListener {

    /** Clients remembered at once. */
    public static final int MAX_CLIENTS = 10_000;
    /**
     * Connections a minute after a transient refusal above which a client storms: Office 365's
     * throttling answers ask for minutes of back-off (the IMAP text suggests about 300 s), and an
     * application with a sane retry policy reconnects a handful of times a minute at most.
     */
    public static final int DEFAULT_RETRY_STORM_THRESHOLD = 10;
    static final Duration NO_BACKOFF_WINDOW = Duration.ofSeconds(1);
    static final Duration STORM_WINDOW = Duration.ofMinutes(1);
    /**
     * How long a permanent refusal counts against the same command or transaction sent again. A
     * retry queue (an application's, or a relay's) typically tries again within minutes and gives up
     * within hours; an hour catches those loops, while the same recipient addressed days later is
     * more likely a new message than a retry.
     */
    static final Duration PERMANENT_WINDOW = Duration.ofHours(1);
    /** Permanent refusals remembered per client, the oldest forgotten first. */
    static final int MAX_REFUSALS = 64;
    /** Accepted recipients of one transaction that its signature holds; more are not told apart. */
    static final int MAX_RECIPIENTS = 100;

    private static final class Client {
        Instant lastTransient;
        final ArrayDeque<Instant> connections = new ArrayDeque<>();
        final Map<String, Instant> refused = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > MAX_REFUSALS;
            }
        };
    }

    /** What an open SMTP session has sent that a permanent refusal may refer to. */
    private static final class Dialogue {
        String lastCommand = "";
        String mail;
        final List<String> recipients = new ArrayList<>();
    }

    private final int stormThreshold;
    private final Map<Long, Dialogue> dialogues = new HashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public ClientTracker(int stormThreshold) {
        if (stormThreshold < 1) {
            throw new IllegalArgumentException("retry-storm threshold must be at least 1: " + stormThreshold);
        }
        this.stormThreshold = stormThreshold;
    }

    /** Forgets every client, as between two tests. */
    public synchronized void forget() {
        clients.clear();
    }

    @Override
    public void sessionOpened(Session view) {
        // The journal tells its listeners about its own records.
        SessionRecord session = (SessionRecord) view;
        Instant now = session.start();
        boolean noBackoff;
        boolean storm;
        synchronized (this) {
            Client c = clients.computeIfAbsent(key(session), k -> new Client());
            if (c.lastTransient == null) {
                return;
            }
            Duration since = Duration.between(c.lastTransient, now);
            noBackoff = !since.isNegative() && since.compareTo(NO_BACKOFF_WINDOW) < 0;
            if (since.compareTo(STORM_WINDOW) < 0) {
                c.connections.addLast(now);
            }
            while (!c.connections.isEmpty() && (Duration.between(c.connections.peekFirst(), now).compareTo(STORM_WINDOW) >= 0
                    || c.connections.size() > stormThreshold + 1)) {
                c.connections.removeFirst();
            }
            storm = c.connections.size() > stormThreshold;
        }
        if (noBackoff) {
            FindingKinds.NO_BACKOFF.reportNext(session);
        }
        if (storm) {
            FindingKinds.RETRY_STORM.reportNext(session);
        }
    }

    @Override
    public void lineRecorded(Session view, TranscriptLine line) {
        SessionRecord session = (SessionRecord) view;
        if (line.direction() == Direction.SERVER && isTransient(line.text())) {
            synchronized (this) {
                Client c = clients.computeIfAbsent(key(session), k -> new Client());
                c.lastTransient = line.time();
            }
        }
        if (session.protocol() == Protocol.SMTP) {
            if (line.direction() == Direction.CLIENT && clientLine(session, line)) {
                FindingKinds.RETRY_AFTER_PERMANENT.report(session);
            } else if (line.direction() == Direction.SERVER) {
                serverLine(session, line);
            }
        }
    }

    @Override
    public void sessionClosed(Session view) {
        SessionRecord session = (SessionRecord) view;
        synchronized (this) {
            dialogues.remove(session.index());
        }
    }

    /** Follows the client's SMTP transaction; whether this line repeats something refused for good. */
    private synchronized boolean clientLine(SessionRecord session, TranscriptLine line) {
        Dialogue d = dialogues.computeIfAbsent(session.index(), k -> new Dialogue());
        String text = line.text();
        String upper = text.toUpperCase(Locale.ROOT);
        d.lastCommand = upper;
        String refusal;
        if (upper.startsWith("MAIL FROM:") || upper.startsWith("RCPT TO:")) {
            if (upper.startsWith("MAIL")) {
                d.mail = path(text);
                d.recipients.clear();
            }
            refusal = path(text);
        } else if (upper.equals("DATA") || upper.startsWith("BDAT ")) {
            refusal = transaction(d);
        } else {
            if (upper.equals("RSET") || upper.startsWith("EHLO") || upper.startsWith("HELO") || upper.equals("STARTTLS")) {
                d.mail = null;
                d.recipients.clear();
            }
            return false;
        }
        if (refusal == null) {
            return false;
        }
        Client c = clients.get(key(session));
        Instant when = c == null ? null : c.refused.get(user(session) + refusal);
        return when != null && Duration.between(when, line.time()).compareTo(PERMANENT_WINDOW) < 0;
    }

    /** Remembers a permanent refusal of the command it answers; counts an accepted recipient. */
    private synchronized void serverLine(SessionRecord session, TranscriptLine line) {
        Dialogue d = dialogues.get(session.index());
        String text = line.text();
        if (d == null || text.length() < 4 || text.charAt(3) != ' ') {
            return; // the greeting, or not the last line of a reply
        }
        if (text.charAt(0) == '2' && d.lastCommand.startsWith("RCPT TO:") && d.recipients.size() < MAX_RECIPIENTS) {
            d.recipients.add(path(d.lastCommand));
        } else if (isPermanent(text)) {
            String refusal = d.lastCommand.startsWith("MAIL FROM:") || d.lastCommand.startsWith("RCPT TO:")
                    ? path(d.lastCommand)
                    : d.lastCommand.equals("DATA") || d.lastCommand.startsWith("BDAT ") ? transaction(d) : null;
            if (refusal != null) {
                clients.computeIfAbsent(key(session), k -> new Client()).refused.put(user(session) + refusal,
                        line.time());
            }
        }
    }

    /**
     * A permanent refusal: an SMTP {@code 5xx} whose enhanced code is permanent too ({@code 5.x.x}),
     * the one kind of answer RFC 3463 says the same message will get again.
     */
    static boolean isPermanent(String text) {
        return text.length() >= 6 && text.charAt(0) == '5' && Character.isDigit(text.charAt(1))
                && Character.isDigit(text.charAt(2)) && text.charAt(3) == ' ' && text.startsWith("5.", 4);
    }

    /** {@code MAIL FROM:<path>} or {@code RCPT TO:<path>}, parameters left out: SIZE= changes with a Date field. */
    private static String path(String command) {
        int end = command.indexOf('>');
        String head = end < 0 ? command.split(" ", 3)[0] + " " + command.split(" ", 3)[1] : command.substring(0, end + 1);
        return head.toLowerCase(Locale.ROOT);
    }

    /** The transaction at DATA: its sender and accepted recipients; none when nobody was accepted. */
    private static String transaction(Dialogue d) {
        if (d.mail == null || d.recipients.isEmpty()) {
            return null;
        }
        List<String> recipients = new ArrayList<>(d.recipients);
        Collections.sort(recipients);
        return d.mail + " " + String.join(" ", recipients);
    }

    private static String user(SessionRecord session) {
        return session.user().orElse("") + "\n";
    }

    /**
     * A transient refusal: an SMTP {@code 421}, or a {@code 4xx} whose enhanced code is transient too
     * ({@code 4.x.x}; Office 365's {@code 451 5.7.3 STARTTLS is required} asks for a change, not a
     * retry), or IMAP's and POP3's throttle and unavailability answers.
     */
    static boolean isTransient(String text) {
        if (text.startsWith("421 ") || text.startsWith("421-")) {
            return true;
        }
        if (text.length() >= 6 && text.charAt(0) == '4' && Character.isDigit(text.charAt(1))
                && Character.isDigit(text.charAt(2)) && (text.charAt(3) == ' ' || text.charAt(3) == '-')) {
            return text.startsWith("4.", 4);
        }
        return text.contains("Request is throttled") || text.contains("Server Unavailable");
    }

    private static String key(Session session) {
        return session.remoteAddress().getAddress().getHostAddress();
    }
}
