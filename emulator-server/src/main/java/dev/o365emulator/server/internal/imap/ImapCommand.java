package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapState.AUTHENTICATED;
import static dev.o365emulator.server.internal.imap.ImapState.NOT_AUTHENTICATED;
import static dev.o365emulator.server.internal.imap.ImapState.SELECTED;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The commands the IMAP session knows, each with the states it is valid in (RFC 3501 §6) and its handler. */
public enum ImapCommand {
    CAPABILITY(new CapabilityHandler(), NOT_AUTHENTICATED, AUTHENTICATED, SELECTED),
    NOOP(new NoopHandler(), NOT_AUTHENTICATED, AUTHENTICATED, SELECTED),
    LOGOUT(new LogoutHandler(), NOT_AUTHENTICATED, AUTHENTICATED, SELECTED),
    ID(new IdHandler(), NOT_AUTHENTICATED, AUTHENTICATED, SELECTED),
    STARTTLS(new StartTlsHandler(), NOT_AUTHENTICATED),
    LOGIN(new LoginHandler(), NOT_AUTHENTICATED),
    AUTHENTICATE(new AuthenticateHandler(), NOT_AUTHENTICATED),
    NAMESPACE(new NamespaceHandler(), AUTHENTICATED, SELECTED),
    SELECT(new SelectHandler(), AUTHENTICATED, SELECTED),
    EXAMINE(new SelectHandler(), AUTHENTICATED, SELECTED),
    CREATE(new CreateHandler(), AUTHENTICATED, SELECTED),
    DELETE(new DeleteHandler(), AUTHENTICATED, SELECTED),
    RENAME(new RenameHandler(), AUTHENTICATED, SELECTED),
    SUBSCRIBE(new SubscribeHandler(), AUTHENTICATED, SELECTED),
    UNSUBSCRIBE(new SubscribeHandler(), AUTHENTICATED, SELECTED),
    LIST(new ListHandler(), AUTHENTICATED, SELECTED),
    LSUB(new ListHandler(), AUTHENTICATED, SELECTED),
    STATUS(new StatusHandler(), AUTHENTICATED, SELECTED),
    APPEND(new AppendHandler(), AUTHENTICATED, SELECTED),
    IDLE(new IdleHandler(), AUTHENTICATED, SELECTED),
    CHECK(new NoopHandler(), SELECTED),
    CLOSE(new CloseHandler(), SELECTED),
    UNSELECT(new CloseHandler(), SELECTED),
    EXPUNGE(new ExpungeHandler(), SELECTED),
    SEARCH(new SearchHandler(), SELECTED),
    FETCH(new FetchHandler(), SELECTED),
    STORE(new StoreHandler(), SELECTED),
    COPY(new CopyHandler(), SELECTED),
    MOVE(new CopyHandler(), SELECTED),
    UID(new UidHandler(), SELECTED);

    private final ImapCommandHandler handler;
    private final Set<ImapState> validIn;

    ImapCommand(ImapCommandHandler handler, ImapState first, ImapState... rest) {
        this.handler = handler;
        this.validIn = EnumSet.of(first, rest);
    }

    public boolean validIn(ImapState state) {
        return validIn.contains(state);
    }

    /** What runs the command once its state and the fault plan let it. */
    ImapCommandHandler handler() {
        return handler;
    }

    /** The command with this (case-insensitive) name. */
    public static Optional<ImapCommand> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
