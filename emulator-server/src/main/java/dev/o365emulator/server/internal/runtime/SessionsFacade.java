package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.SessionListener;
import java.util.List;
import java.util.Optional;

/** {@link Sessions} over the session journal; the records reach callers only as read-only {@link Session}s. */
public final class SessionsFacade implements Sessions {

    private final SessionJournal journal;

    public SessionsFacade(SessionJournal journal) {
        this.journal = journal;
    }

    @Override
    public List<Session> all() {
        return List.copyOf(journal.sessions());
    }

    @Override
    public Optional<Session> get(long id) {
        return journal.session(id).map(s -> s);
    }

    @Override
    public void clear() {
        journal.clear();
    }

    @Override
    public void addListener(SessionListener listener) {
        journal.addListener(listener);
    }

    @Override
    public void removeListener(SessionListener listener) {
        journal.removeListener(listener);
    }
}
