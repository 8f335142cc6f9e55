package dev.o365emulator.server.internal.findings;

import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.journal.JournalListener;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The findings that need more than one connection: {@code no-backoff} (a new connection within a
 * second of a "server busy" or throttle reply) and {@code retry-storm} (more than {@code N} connections
 * in a minute after a transient refusal). Keyed by the client's address, the only thing two
 * connections of one client are sure to share before they log in.
 *
 * <p>It judges from the journal, as a listener: the server lines are what the client saw, so a
 * transient refusal is a line the client got, whichever session or rule wrote it (an SMTP {@code 4xx},
 * IMAP's or POP3's throttle and "Server Unavailable" texts). Times are the transcript's, from the
 * emulator's clock. Bounded: at most {@link #MAX_CLIENTS} clients (least recently seen forgotten
 * first), each with at most {@code N + 1} connection times.
 */
public final class ClientTracker implements JournalListener {

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

    private static final class Client {
        Instant lastTransient;
        final ArrayDeque<Instant> connections = new ArrayDeque<>();
    }

    private final int stormThreshold;
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

    @Override
    public void sessionOpened(SessionRecord session) {
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
    public void lineRecorded(SessionRecord session, TranscriptLine line) {
        if (line.direction() == Direction.SERVER && isTransient(line.text())) {
            synchronized (this) {
                Client c = clients.computeIfAbsent(key(session), k -> new Client());
                c.lastTransient = line.time();
            }
        }
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

    private static String key(SessionRecord session) {
        return session.remoteAddress().getAddress().getHostAddress();
    }
}
