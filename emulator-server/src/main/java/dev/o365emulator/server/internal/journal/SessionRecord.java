package dev.o365emulator.server.internal.journal;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.FiredRule;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.TlsInfo;
import dev.o365emulator.server.journal.TranscriptLine;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal entry of one connection, written by its session and read through {@link Session}: who, where, when, TLS, authentication and a bounded
 * transcript of {@code C:}/{@code S:} lines.
 *
 * <p>The session writes it from its event loop; tests read it from any thread, so every accessor
 * returns a copy taken under the record's lock. Passwords and tokens never reach it: sessions
 * record client lines through {@link Masking} or as {@link #clientSecret()}.
 *
 * <p>Bounded three ways: each line to {@link #DEFAULT_MAX_LINE_CHARS} characters, the transcript to
 * a number of lines and to a number of bytes (the oldest lines go first, and are counted in
 * {@link #droppedLines()}). Every line's approximate heap size is reported to the
 * {@link SessionJournal}, which holds all records within its byte budget.
 *
 * <p>Over 400 lines because it is one record with many small accessors, each taking its lock, and its
 * three bounds and the journal's budget accounting must be read together.
 */
public final class SessionRecord implements Session {

    /** The attribute that carries the record of each channel the emulator accepted. */
    public static final AttributeKey<SessionRecord> CHANNEL_ATTRIBUTE = AttributeKey.valueOf("o365.sessionRecord");

    /** The record of a channel, or null for a channel the emulator did not accept (a test's own). */
    public static SessionRecord of(Channel channel) {
        return channel.attr(CHANNEL_ATTRIBUTE).get();
    }


    /** Transcript lines kept per session; older lines are dropped and counted. */
    public static final int DEFAULT_MAX_LINES = 4096;
    /** Characters kept per transcript line; the rest is replaced by a marker. */
    public static final int DEFAULT_MAX_LINE_CHARS = 2048;
    /** Protocol errors and fired rules listed per session (each also stays in the transcript while it is kept). */
    static final int MAX_LISTED = 256;
    /** At most this many findings per connection; each id is recorded once, and there are fewer ids. */
    public static final int MAX_FINDINGS = 32;
    /**
     * Heap a line costs besides its characters, counted as if its text were not shared with other
     * transcripts: its time, direction and reference in {@link TranscriptLines} (13 bytes, and up to
     * half as much again of room to grow), the {@code String} and its array headers (64-bit JVM,
     * compressed oops).
     */
    static final int LINE_OVERHEAD = 64;
    /** Heap a record costs before its first line: its fields, addresses and transcript ring, counted generously. */
    static final int RECORD_OVERHEAD = 640;

    private final long index;
    private final Protocol protocol;
    private final Endpoint endpoint;
    private final InetSocketAddress localAddress;
    private final InetSocketAddress remoteAddress;
    private final Instant start;
    private final Clock clock;
    private final SessionJournal journal;
    private final int maxLines;
    private final long maxBytes;

    private final TranscriptLines lines;
    private final SharedTexts texts;
    // The lists are made on their first entry: most connections never have one, and an idle one keeps its record.
    private List<String> protocolErrors;
    private long droppedLines;
    /** What this record holds, as the journal counts it (record, lines, listed errors and rules). */
    private long retainedBytes = RECORD_OVERHEAD;
    /** Set once the journal forgot this record: it keeps nothing more and counts nothing more. */
    private boolean forgotten;
    private TlsInfo tls;
    private List<FiredRule> firedRules;
    private List<Finding> findings;
    private String user;
    private String mechanism;
    private Instant end;

    SessionRecord(long index, Endpoint endpoint, InetSocketAddress localAddress, InetSocketAddress remoteAddress,
            Clock clock, SessionJournal journal, SharedTexts texts, int maxLines, long maxBytes) {
        this.index = index;
        this.protocol = endpoint.protocol();
        this.endpoint = endpoint;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.clock = clock;
        this.journal = journal;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.start = clock.instant();
        this.lines = new TranscriptLines(start);
        this.texts = texts;
    }

    /** The connection's position in the emulator's accept order, from 1: its {@link #id()}. */
    public long index() {
        return index;
    }

    @Override
    public long id() {
        return index;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Instant start() {
        return start;
    }

    /** When the connection closed, or empty while it is open. */
    @Override
    public synchronized Optional<Instant> end() {
        return Optional.ofNullable(end);
    }

    /** What TLS negotiated, or empty while the connection is in plain text. */
    @Override
    public synchronized Optional<TlsInfo> tls() {
        return Optional.ofNullable(tls);
    }

    /** The user the session authenticated as, or empty. */
    @Override
    public synchronized Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The mechanism of the successful authentication ({@code LOGIN}, {@code XOAUTH2}, {@code USER}…), or empty. */
    @Override
    public synchronized Optional<String> mechanism() {
        return Optional.ofNullable(mechanism);
    }

    /** A copy of the transcript, oldest line first. */
    @Override
    public synchronized List<TranscriptLine> transcript() {
        return lines.toList();
    }

    /** How many of the oldest lines were dropped to keep the transcript within its line and byte bounds. */
    @Override
    public synchronized long droppedLines() {
        return droppedLines;
    }

    /** The approximate heap this record holds (its fields, transcript and lists), as the journal's budget counts it. */
    public synchronized long retainedBytes() {
        return forgotten ? 0 : retainedBytes;
    }

    /** Protocol errors seen on this connection (bad syntax, pipelining after STARTTLS…). */
    @Override
    public synchronized List<String> protocolErrors() {
        return copy(protocolErrors);
    }

    /** Records a client line; pass it through {@link Masking#mask} first if it may carry a secret. */
    public void client(String line) {
        add(Direction.CLIENT, line);
    }

    /** Records a client line that is entirely secret (a SASL response), as {@code ****}. */
    public void clientSecret() {
        add(Direction.CLIENT, Masking.MASK);
    }

    /** Records one server line (each line of a multi-line reply separately). */
    public void server(String line) {
        add(Direction.SERVER, line);
    }

    /** Records something that is not a protocol line. */
    public void event(String text) {
        add(Direction.EVENT, text);
    }

    /**
     * Records lines that go out together, in order, as {@link #server} and {@link #event} would one
     * by one, but with one clock reading and one pass under the record's lock: a POP3 RETR's reply is
     * three lines ({@code +OK}, the content's size, {@code .}) for every message a client fetches.
     * {@code directions[i]} is the direction of {@code lineTexts[i]}; the arrays have the same length.
     */
    public void lines(Direction[] directions, String... lineTexts) {
        if (directions.length != lineTexts.length) {
            throw new IllegalArgumentException(directions.length + " directions for " + lineTexts.length + " lines");
        }
        Instant time = clock.instant();
        String[] kept = new String[lineTexts.length];
        for (int i = 0; i < lineTexts.length; i++) {
            kept[i] = texts.share(bound(lineTexts[i]));
        }
        boolean overBudget = false;
        synchronized (this) {
            if (!forgotten) {
                for (int i = 0; i < kept.length; i++) {
                    keep(time, directions[i], kept[i]);
                }
                overBudget = journal.overBudget();
            }
        }
        if (journal.hasListeners()) {
            for (int i = 0; i < kept.length; i++) {
                journal.listener().lineRecorded(this, new TranscriptLine(time, directions[i], kept[i]));
            }
        }
        if (overBudget) {
            journal.trim();
        }
    }

    /** Records a protocol error, in the list and in the transcript. */
    public void protocolError(String description) {
        String bounded = bound(description);
        synchronized (this) {
            if (!forgotten && (protocolErrors == null || protocolErrors.size() < MAX_LISTED)) {
                if (protocolErrors == null) {
                    protocolErrors = new ArrayList<>();
                }
                protocolErrors.add(bounded);
                grow(sizeOf(bounded));
            }
        }
        add(Direction.EVENT, "protocol error: " + bounded);
    }

    /** Records that a scenario rule fired on this connection, in the list and in the transcript. */
    public void ruleFired(String ruleId, String what) {
        FiredRule fired = new FiredRule(ruleId, bound(what), clock.instant());
        synchronized (this) {
            if (!forgotten && (firedRules == null || firedRules.size() < MAX_LISTED)) {
                if (firedRules == null) {
                    firedRules = new ArrayList<>();
                }
                firedRules.add(fired);
                grow(sizeOf(ruleId) + sizeOf(fired.effect()));
            }
        }
        add(Direction.EVENT, "scenario rule " + ruleId + " fired: " + what);
        journal.listener().ruleFired(this, fired);
    }

    @Override
    public synchronized List<FiredRule> firedRules() {
        return copy(firedRules);
    }

    /**
     * Records a client-behaviour finding, at most one per id and {@link #MAX_FINDINGS} in all (the
     * first occurrence is the one worth pointing at), and tells the listeners.
     */
    public void finding(Finding finding) {
        synchronized (this) {
            if (forgotten || findings != null && (findings.size() >= MAX_FINDINGS
                    || findings.stream().anyMatch(f -> f.id().equals(finding.id())))) {
                return;
            }
            if (findings == null) {
                findings = new ArrayList<>();
            }
            findings.add(finding);
            grow(sizeOf(finding.advice()));
        }
        journal.listener().findingRecorded(this, finding);
    }

    @Override
    public synchronized List<Finding> findings() {
        return copy(findings);
    }

    /** The index the next transcript line will have (lines dropped from the front still count). */
    public synchronized long linesRecorded() {
        return droppedLines + lines.size();
    }

    /** The ids of the rules that fired on this connection, in order. */
    public synchronized List<String> ruleIds() {
        return firedRules == null ? List.of() : firedRules.stream().map(FiredRule::rule).toList();
    }

    /** Records a completed TLS handshake. */
    public void tlsEstablished(TlsInfo info) {
        synchronized (this) {
            // The same few names on every connection: shared, as the transcript's texts are.
            this.tls = new TlsInfo(texts.share(info.protocol()), texts.share(info.cipherSuite()), info.serverName(),
                    info.provider());
        }
        add(Direction.EVENT, "TLS established: " + info.protocol() + " " + info.cipherSuite()
                + info.serverName().map(n -> " SNI " + n).orElse("")
                + (info.provider().isEmpty() ? "" : " (" + info.provider() + ")"));
    }

    /** Records a successful authentication. */
    public void authenticated(String user, String mechanism) {
        synchronized (this) {
            this.user = texts.share(user);
            this.mechanism = mechanism;
        }
        add(Direction.EVENT, "authenticated as " + user + " with " + mechanism);
    }

    void closed() {
        synchronized (this) {
            if (end != null) {
                return;
            }
            end = clock.instant();
        }
        journal.listener().sessionClosed(this);
    }

    synchronized boolean isClosed() {
        return end != null;
    }

    /**
     * Forgets everything this record holds; called by the journal when it drops the record, which
     * keeps nothing it is told afterwards. Returns the bytes freed.
     */
    synchronized long forget() {
        if (forgotten) {
            return 0;
        }
        forgotten = true;
        droppedLines += lines.size();
        lines.clear();
        protocolErrors = null;
        firedRules = null;
        findings = null;
        long freed = retainedBytes;
        retainedBytes = 0;
        journal.accounted(-freed);
        return freed;
    }

    /** Drops oldest lines until at least {@code wanted} bytes are freed or none is left; returns the bytes freed. */
    synchronized long shed(long wanted) {
        long before = retainedBytes;
        while (!lines.isEmpty() && before - retainedBytes < wanted) {
            dropOldest();
        }
        return before - retainedBytes;
    }

    private void add(Direction direction, String text) {
        Instant time = clock.instant();
        String kept = texts.share(bound(text));
        boolean overBudget = false;
        synchronized (this) {
            if (!forgotten) {
                keep(time, direction, kept);
                overBudget = journal.overBudget();
            }
        }
        if (journal.hasListeners()) {
            journal.listener().lineRecorded(this, new TranscriptLine(time, direction, kept));
        }
        if (overBudget) {
            // Outside this record's lock: the journal takes its own lock, then records' locks.
            journal.trim();
        }
    }

    /** Appends a line within the record's bounds; the caller holds this record's lock. */
    private void keep(Instant time, Direction direction, String text) {
        lines.add(time, direction, text);
        grow(sizeOf(text));
        while (lines.size() > 1 && (lines.size() > maxLines || retainedBytes > maxBytes)) {
            dropOldest();
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Counts {@code bytes} more in this record and in the journal; the caller holds this record's lock. */
    private void grow(long bytes) {
        retainedBytes += bytes;
        journal.accounted(bytes);
    }

    private void dropOldest() {
        String dropped = lines.removeFirst();
        droppedLines++;
        long bytes = sizeOf(dropped);
        retainedBytes -= bytes;
        journal.accounted(-bytes);
    }

    private static String bound(String text) {
        return text.length() <= DEFAULT_MAX_LINE_CHARS
                ? text
                : text.substring(0, DEFAULT_MAX_LINE_CHARS) + "…[" + (text.length() - DEFAULT_MAX_LINE_CHARS) + " more chars]";
    }

    /** The heap a line of this text costs: one byte per character for Latin-1 text, two otherwise (compact strings). */
    static long sizeOf(String text) {
        int perChar = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                perChar = 2;
                break;
            }
        }
        return LINE_OVERHEAD + (long) text.length() * perChar;
    }

    /** A one-line summary, e.g. {@code #3 imaps 127.0.0.1:51234 TLSv1.3 adele@contoso.com}. */
    @Override
    public synchronized String toString() {
        return "#" + index + " " + endpoint.id() + " " + remoteAddress.getAddress().getHostAddress() + ":"
                + remoteAddress.getPort() + (tls != null ? " " + tls.protocol() : "") + (user != null ? " " + user : "");
    }
}
