package dev.o365emulator.server;

import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.SessionListener;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The journal of every connection the emulator accepted, oldest first, with transcripts.
 *
 * <pre>{@code
 * Sessions sessions = emulator.sessions();
 * List<Session> smtp = sessions.filter(s -> s.protocol() == Protocol.SMTP);
 * sessions.get(3).ifPresent(s -> s.transcript().forEach(System.out::println));
 * sessions.addListener(new SessionListener() {
 *     public void lineRecorded(Session s, TranscriptLine line) { log.debug("#{} {}", s.id(), line); }
 * });
 * }</pre>
 *
 * <p>Bounded, so that a long-running emulator holds a flat heap: past its budget
 * ({@link Emulator.Builder#journalBudget}) the oldest closed sessions are forgotten, and a long
 * session loses its oldest lines.
 */
public interface Sessions {

    /** Every session held, oldest first. */
    List<Session> all();

    /** The session with this {@linkplain Session#id() id}, if it is still held. */
    Optional<Session> get(long id);

    /** The sessions that match, oldest first. */
    default List<Session> filter(Predicate<? super Session> condition) {
        return all().stream().filter(condition).map(s -> (Session) s).toList();
    }

    /**
     * Forgets every session; ids keep counting, and connections still open record nothing more.
     */
    void clear();

    /** Starts telling {@code listener} about sessions as they happen. */
    void addListener(SessionListener listener);

    /** Stops telling {@code listener}; nothing happens if it was not added. */
    void removeListener(SessionListener listener);
}
