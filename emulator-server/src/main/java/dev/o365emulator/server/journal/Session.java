package dev.o365emulator.server.journal;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of one connection the emulator accepted: who, where, when, TLS, who signed in
 * and how, its transcript, and the protocol errors and scenario rules seen on it.
 *
 * <pre>{@code
 * Session s = emulator.sessions().all().get(0);
 * s.endpoint();                       // SUBMISSION
 * s.tls().map(TlsInfo::protocol);     // Optional[TLSv1.3]
 * s.user();                           // Optional[adele@contoso.com]
 * s.transcript().forEach(System.out::println);   // S: 220 …, C: EHLO client, …
 * }</pre>
 *
 * <p>The connection may still be open: every accessor returns what is known at the moment of the
 * call, a copy the caller may keep. Passwords and tokens never appear: client lines that carry one
 * are recorded masked ({@code ****}). The transcript is bounded (see {@link #droppedLines()}).
 */
public interface Session {

    /** The connection's position in the emulator's accept order, from 1; {@link Sessions#get} finds it. */
    long id();

    /** The protocol spoken. */
    default Protocol protocol() {
        return endpoint().protocol();
    }

    /** The endpoint the client connected to. */
    Endpoint endpoint();

    /** The emulator's side of the connection. */
    InetSocketAddress localAddress();

    /** The client's side of the connection. */
    InetSocketAddress remoteAddress();

    /** When the connection was accepted. */
    Instant start();

    /** When the connection closed, or empty while it is open. */
    Optional<Instant> end();

    /** Whether the connection is still open. */
    default boolean isOpen() {
        return end().isEmpty();
    }

    /** What TLS negotiated, or empty while the connection is in plain text. */
    Optional<TlsInfo> tls();

    /** The user the session authenticated as, or empty. */
    Optional<String> user();

    /** The mechanism of the successful authentication ({@code LOGIN}, {@code PLAIN}, {@code XOAUTH2}, {@code USER}…), or empty. */
    Optional<String> mechanism();

    /** The transcript, oldest line first: what was kept of it (see {@link #droppedLines()}). */
    List<TranscriptLine> transcript();

    /** How many of the oldest lines were dropped to keep the transcript within its bounds. */
    long droppedLines();

    /** Protocol errors seen on this connection (bad syntax, bytes pipelined across STARTTLS…), in order. */
    List<String> protocolErrors();

    /** The scenario rules that fired on this connection, with what each did, in order. */
    List<FiredRule> firedRules();

    /**
     * What the client did that Office 365 refuses or punishes, judged as the session ran, in the order
     * found, each kind once (see docs/findings.md).
     */
    List<Finding> findings();
}
