package dev.o365emulator.server.journal;

import dev.o365emulator.server.Endpoint;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every connection the emulator accepted, newest last: the queryable record behind transcript
 * assertions and the CLI's {@code --trace}.
 *
 * <p>Bounded: the oldest sessions are forgotten once {@link #DEFAULT_MAX_SESSIONS} are held, so a
 * long-running emulator does not grow without limit.
 */
public final class SessionJournal {

    /** Sessions kept before the oldest are dropped. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    private final Clock clock;
    private final int maxSessions;
    private final int maxLinesPerSession;
    private final AtomicLong nextIndex = new AtomicLong(1);
    private final ArrayDeque<SessionRecord> sessions = new ArrayDeque<>();
    private final List<JournalListener> listeners = new CopyOnWriteArrayList<>();
    private final JournalListener fanOut = new JournalListener() {
        @Override
        public void sessionOpened(SessionRecord session) {
            listeners.forEach(l -> l.sessionOpened(session));
        }

        @Override
        public void lineRecorded(SessionRecord session, TranscriptLine line) {
            listeners.forEach(l -> l.lineRecorded(session, line));
        }

        @Override
        public void sessionClosed(SessionRecord session) {
            listeners.forEach(l -> l.sessionClosed(session));
        }
    };

    /** A journal with the default bounds. */
    public SessionJournal(Clock clock) {
        this(clock, DEFAULT_MAX_SESSIONS, SessionRecord.DEFAULT_MAX_LINES);
    }

    /** A journal keeping at most {@code maxSessions} sessions of at most {@code maxLinesPerSession} lines. */
    public SessionJournal(Clock clock, int maxSessions, int maxLinesPerSession) {
        if (maxSessions < 1 || maxLinesPerSession < 1) {
            throw new IllegalArgumentException("journal bounds must be positive");
        }
        this.clock = clock;
        this.maxSessions = maxSessions;
        this.maxLinesPerSession = maxLinesPerSession;
    }

    /** Starts the record of a newly accepted connection. */
    public SessionRecord open(Endpoint endpoint, InetSocketAddress local, InetSocketAddress remote) {
        SessionRecord record = new SessionRecord(nextIndex.getAndIncrement(), endpoint, local, remote, clock,
                fanOut, maxLinesPerSession);
        synchronized (sessions) {
            if (sessions.size() == maxSessions) {
                sessions.removeFirst();
            }
            sessions.addLast(record);
        }
        fanOut.sessionOpened(record);
        return record;
    }

    /** Marks a session closed (idempotent). */
    public void close(SessionRecord record) {
        record.closed();
    }

    /** All sessions held, oldest first. */
    public List<SessionRecord> sessions() {
        synchronized (sessions) {
            return List.copyOf(sessions);
        }
    }

    /** The sessions that match, oldest first. */
    public List<SessionRecord> sessions(Predicate<? super SessionRecord> filter) {
        return sessions().stream().filter(filter).toList();
    }

    /** The session with this connection index, if still held. */
    public Optional<SessionRecord> session(long index) {
        return sessions(s -> s.index() == index).stream().findFirst();
    }

    /** Forgets every session (connection indexes keep counting). */
    public void clear() {
        synchronized (sessions) {
            sessions.clear();
        }
    }

    public void addListener(JournalListener listener) {
        listeners.add(listener);
    }

    public void removeListener(JournalListener listener) {
        listeners.remove(listener);
    }
}
