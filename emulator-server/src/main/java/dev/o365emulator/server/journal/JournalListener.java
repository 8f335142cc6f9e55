package dev.o365emulator.server.journal;

/**
 * Receives journal events as they happen (the CLI's {@code --trace} prints them).
 *
 * <p>Called on the connection's event loop: implementations must be quick and must not block.
 */
public interface JournalListener {

    /** A connection was accepted. */
    default void sessionOpened(SessionRecord session) {}

    /** A line was added to a session's transcript. */
    default void lineRecorded(SessionRecord session, TranscriptLine line) {}

    /** A client-behaviour finding was made on a session. */
    default void findingRecorded(SessionRecord session, Finding finding) {}

    /** A connection ended. */
    default void sessionClosed(SessionRecord session) {}
}
