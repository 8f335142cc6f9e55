package dev.o365emulator.server.journal;

/**
 * Told about connections as they happen: accepted, each transcript line, each scenario rule that
 * fired, closed (the CLI's {@code --trace} prints them).
 *
 * <p>Called on the connection's event loop: an implementation must be quick and must not block
 * (hand the work to a thread or a bounded queue of its own).
 */
public interface SessionListener {

    /** A connection was accepted. */
    default void sessionOpened(Session session) {}

    /** A line was added to a session's transcript. */
    default void lineRecorded(Session session, TranscriptLine line) {}

    /** A scenario rule fired on a session (its line is also {@linkplain #lineRecorded recorded}). */
    default void ruleFired(Session session, FiredRule rule) {}

    /** A client-behaviour finding was recorded on a session (see docs/findings.md). */
    default void findingRecorded(Session session, Finding finding) {}

    /** A connection ended. */
    default void sessionClosed(Session session) {}
}
