package dev.o365emulator.server.internal.journal;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.FiredRule;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.SessionListener;
import dev.o365emulator.server.journal.TranscriptLine;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every connection the emulator accepted, newest last: the queryable record behind transcript
 * assertions and the CLI's {@code --trace}.
 *
 * <p>Bounded by bytes, whether or not anything reads it, so a long-running emulator holds a flat
 * heap however much traffic passes:
 * <table>
 *   <caption>Bounds</caption>
 *   <tr><th>bound</th><th>default</th><th>past it</th></tr>
 *   <tr><td>budget: the approximate heap of all records together</td><td>{@value #DEFAULT_BUDGET_BYTES}
 *       bytes (32 MiB)</td><td>the oldest closed sessions are forgotten whole; if only open sessions
 *       are left, their oldest lines go (counted in {@link SessionRecord#droppedLines()})</td></tr>
 *   <tr><td>one session's transcript</td><td>an eighth of the budget</td><td>its oldest lines go</td></tr>
 *   <tr><td>lines per session</td><td>{@value SessionRecord#DEFAULT_MAX_LINES}</td><td>its oldest lines go</td></tr>
 *   <tr><td>characters per line</td><td>{@value SessionRecord#DEFAULT_MAX_LINE_CHARS}</td><td>the rest is
 *       replaced by a marker</td></tr>
 *   <tr><td>sessions</td><td>{@value #DEFAULT_MAX_SESSIONS}</td><td>the oldest (closed first) is forgotten</td></tr>
 * </table>
 *
 * <p>Why 32 MiB: the standalone emulator must live in a small heap (a CI container's JVM often gets
 * 512 MiB, a quarter of 2 GiB), and the journal should take a few percent of it. 32 MiB holds
 * about ten thousand ordinary SMTP submissions (some 3 KB of transcript each); a poller's
 * {@code FETCH 1:*} costs its first and last responses only (the IMAP session counts the rest). A test
 * that wants more raises the budget ({@code Emulator.Builder.journalBudget},
 * {@code --journal-budget}). An eighth per session keeps at least the last eight sessions whole
 * when one of them is huge. Message bodies and literals are never copied into a transcript: they
 * appear as their size.
 */
public final class SessionJournal {

    /** Sessions kept before the oldest are dropped. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    /** The default byte budget of the whole journal: 32 MiB. */
    public static final long DEFAULT_BUDGET_BYTES = 32L * 1024 * 1024;
    /** The smallest budget accepted: enough for a few sessions of full-length lines. */
    public static final long MIN_BUDGET_BYTES = 64L * 1024;

    private final Clock clock;
    private final int maxSessions;
    private final int maxLinesPerSession;
    private final long budgetBytes;
    private final long maxSessionBytes;
    /** The approximate heap of every record held; changed under the changing record's lock. */
    private final AtomicLong retainedBytes = new AtomicLong();
    private final AtomicLong nextIndex = new AtomicLong(1);
    private final ArrayDeque<SessionRecord> sessions = new ArrayDeque<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    /** One string for each line text many sessions repeat (see {@link SharedTexts}). */
    private final SharedTexts texts = new SharedTexts();
    private final SessionListener fanOut = new SessionListener() {
        @Override
        public void sessionOpened(Session session) {
            listeners.forEach(l -> l.sessionOpened(session));
        }

        @Override
        public void lineRecorded(Session session, TranscriptLine line) {
            listeners.forEach(l -> l.lineRecorded(session, line));
        }

        @Override
        public void findingRecorded(Session session, Finding finding) {
            listeners.forEach(l -> l.findingRecorded(session, finding));
        }

        @Override
        public void ruleFired(Session session, FiredRule rule) {
            listeners.forEach(l -> l.ruleFired(session, rule));
        }

        @Override
        public void sessionClosed(Session session) {
            listeners.forEach(l -> l.sessionClosed(session));
        }
    };

    /** A journal with the default bounds. */
    public SessionJournal(Clock clock) {
        this(clock, DEFAULT_BUDGET_BYTES);
    }

    /** A journal holding at most about {@code budgetBytes} of heap, one session at most an eighth of it. */
    public SessionJournal(Clock clock, long budgetBytes) {
        this(clock, budgetBytes, DEFAULT_MAX_SESSIONS, SessionRecord.DEFAULT_MAX_LINES);
    }

    /** A journal keeping at most {@code maxSessions} sessions of at most {@code maxLinesPerSession} lines. */
    public SessionJournal(Clock clock, int maxSessions, int maxLinesPerSession) {
        this(clock, DEFAULT_BUDGET_BYTES, maxSessions, maxLinesPerSession);
    }

    private SessionJournal(Clock clock, long budgetBytes, int maxSessions, int maxLinesPerSession) {
        if (maxSessions < 1 || maxLinesPerSession < 1) {
            throw new IllegalArgumentException("journal bounds must be positive");
        }
        if (budgetBytes < MIN_BUDGET_BYTES) {
            throw new IllegalArgumentException("the journal budget must be at least " + MIN_BUDGET_BYTES + " bytes: "
                    + budgetBytes);
        }
        this.clock = clock;
        this.maxSessions = maxSessions;
        this.maxLinesPerSession = maxLinesPerSession;
        this.budgetBytes = budgetBytes;
        this.maxSessionBytes = budgetBytes / 8;
    }

    /** Starts the record of a newly accepted connection. */
    public SessionRecord open(Endpoint endpoint, InetSocketAddress local, InetSocketAddress remote) {
        SessionRecord record = new SessionRecord(nextIndex.getAndIncrement(), endpoint, local, remote, clock,
                this, texts, maxLinesPerSession, maxSessionBytes);
        synchronized (sessions) {
            if (sessions.size() >= maxSessions) {
                forgetOldest();
            }
            sessions.addLast(record);
            accounted(SessionRecord.RECORD_OVERHEAD);
        }
        fanOut.sessionOpened(record);
        if (overBudget()) {
            trim();
        }
        return record;
    }

    /** The byte budget of all records together. */
    public long budgetBytes() {
        return budgetBytes;
    }

    /** The approximate heap the records held now take: at most about {@link #budgetBytes()}. */
    public long retainedBytes() {
        return retainedBytes.get();
    }

    SessionListener listener() {
        return fanOut;
    }

    /** Whether anyone listens: a line is made into a {@link TranscriptLine} for listeners only. */
    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void accounted(long bytes) {
        retainedBytes.addAndGet(bytes);
    }

    boolean overBudget() {
        return retainedBytes.get() > budgetBytes;
    }

    /**
     * Brings the journal back under its budget, with some room so that the next lines do not
     * trim again at once: the oldest closed sessions are forgotten first, then open sessions lose
     * their oldest lines, oldest session first.
     */
    void trim() {
        long target = budgetBytes - budgetBytes / 16;
        synchronized (sessions) {
            if (!overBudget()) {
                return; // another thread trimmed meanwhile
            }
            for (Iterator<SessionRecord> it = sessions.iterator(); retainedBytes.get() > target && it.hasNext(); ) {
                SessionRecord record = it.next();
                if (record.isClosed()) {
                    it.remove();
                    record.forget();
                }
            }
            for (Iterator<SessionRecord> it = sessions.iterator(); retainedBytes.get() > target && it.hasNext(); ) {
                it.next().shed(retainedBytes.get() - target);
            }
        }
    }

    /** Forgets the oldest closed session, or the oldest session when all are open; the caller holds the lock. */
    private void forgetOldest() {
        for (Iterator<SessionRecord> it = sessions.iterator(); it.hasNext(); ) {
            SessionRecord record = it.next();
            if (record.isClosed()) {
                it.remove();
                record.forget();
                return;
            }
        }
        sessions.removeFirst().forget();
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

    /** Forgets every session (connection indexes keep counting; open sessions record nothing more). */
    public void clear() {
        synchronized (sessions) {
            sessions.forEach(SessionRecord::forget);
            sessions.clear();
        }
    }

    /** Starts telling {@code listener} about sessions as they happen, on their event loops. */
    public void addListener(SessionListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener));
    }

    /** Stops telling {@code listener}. */
    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }
}
