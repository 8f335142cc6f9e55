package dev.o365emulator.server.journal;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal entry of one connection: who, where, when, TLS, authentication and a bounded
 * transcript of {@code C:}/{@code S:} lines.
 *
 * <p>The session writes it from its event loop; tests read it from any thread, so every accessor
 * returns a copy taken under the record's lock. Passwords and tokens never reach it: sessions
 * record client lines through {@link Masking} or as {@link #clientSecret()}.
 */
public final class SessionRecord {

    /** Transcript lines kept per session; older lines are dropped and counted. */
    public static final int DEFAULT_MAX_LINES = 4096;
    /** Characters kept per transcript line; the rest is replaced by a marker. */
    public static final int DEFAULT_MAX_LINE_CHARS = 2048;

    private final long index;
    private final Protocol protocol;
    private final Endpoint endpoint;
    private final InetSocketAddress localAddress;
    private final InetSocketAddress remoteAddress;
    private final Instant start;
    private final Clock clock;
    private final JournalListener listener;
    private final int maxLines;

    private final ArrayDeque<TranscriptLine> lines = new ArrayDeque<>();
    private final List<String> protocolErrors = new ArrayList<>();
    private long droppedLines;
    private TlsInfo tls;
    private final List<String> firedRules = new ArrayList<>();
    private String user;
    private String mechanism;
    private Instant end;

    SessionRecord(long index, Endpoint endpoint, InetSocketAddress localAddress, InetSocketAddress remoteAddress,
            Clock clock, JournalListener listener, int maxLines) {
        this.index = index;
        this.protocol = endpoint.protocol();
        this.endpoint = endpoint;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.clock = clock;
        this.listener = listener;
        this.maxLines = maxLines;
        this.start = clock.instant();
    }

    /** The connection's position in the emulator's accept order, from 1. */
    public long index() {
        return index;
    }

    public Protocol protocol() {
        return protocol;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    public Instant start() {
        return start;
    }

    /** When the connection closed, or empty while it is open. */
    public synchronized Optional<Instant> end() {
        return Optional.ofNullable(end);
    }

    /** What TLS negotiated, or empty while the connection is in plain text. */
    public synchronized Optional<TlsInfo> tls() {
        return Optional.ofNullable(tls);
    }

    /** The user the session authenticated as, or empty. */
    public synchronized Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The mechanism of the successful authentication ({@code LOGIN}, {@code XOAUTH2}, {@code USER}…), or empty. */
    public synchronized Optional<String> mechanism() {
        return Optional.ofNullable(mechanism);
    }

    /** A copy of the transcript, oldest line first. */
    public synchronized List<TranscriptLine> transcript() {
        return List.copyOf(lines);
    }

    /** How many of the oldest lines were dropped to keep the transcript bounded. */
    public synchronized long droppedLines() {
        return droppedLines;
    }

    /** Protocol errors seen on this connection (bad syntax, pipelining after STARTTLS…). */
    public synchronized List<String> protocolErrors() {
        return List.copyOf(protocolErrors);
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

    /** Records a protocol error, in the list and in the transcript. */
    public void protocolError(String description) {
        synchronized (this) {
            if (protocolErrors.size() < maxLines) {
                protocolErrors.add(description);
            }
        }
        add(Direction.EVENT, "protocol error: " + description);
    }

    /** Records that a scenario rule fired on this connection, in the list and in the transcript. */
    public void ruleFired(String ruleId, String what) {
        synchronized (this) {
            if (firedRules.size() < maxLines) {
                firedRules.add(ruleId);
            }
        }
        add(Direction.EVENT, "scenario rule " + ruleId + " fired: " + what);
    }

    /** The ids of the scenario rules that fired on this connection, in order. */
    public synchronized List<String> firedRules() {
        return List.copyOf(firedRules);
    }

    /** Records a completed TLS handshake. */
    public void tlsEstablished(TlsInfo info) {
        synchronized (this) {
            this.tls = info;
        }
        add(Direction.EVENT, "TLS established: " + info.protocol() + " " + info.cipherSuite()
                + info.serverName().map(n -> " SNI " + n).orElse(""));
    }

    /** Records a successful authentication. */
    public void authenticated(String user, String mechanism) {
        synchronized (this) {
            this.user = user;
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
        listener.sessionClosed(this);
    }

    private void add(Direction direction, String text) {
        String bounded = text.length() <= DEFAULT_MAX_LINE_CHARS
                ? text
                : text.substring(0, DEFAULT_MAX_LINE_CHARS) + "…[" + (text.length() - DEFAULT_MAX_LINE_CHARS) + " more chars]";
        TranscriptLine line = new TranscriptLine(clock.instant(), direction, bounded);
        synchronized (this) {
            if (lines.size() == maxLines) {
                lines.removeFirst();
                droppedLines++;
            }
            lines.addLast(line);
        }
        listener.lineRecorded(this, line);
    }

    /** A one-line summary, e.g. {@code #3 imaps 127.0.0.1:51234 TLSv1.3 adele@contoso.com}. */
    @Override
    public synchronized String toString() {
        return "#" + index + " " + endpoint.id() + " " + remoteAddress.getAddress().getHostAddress() + ":"
                + remoteAddress.getPort() + (tls != null ? " " + tls.protocol() : "") + (user != null ? " " + user : "");
    }
}
