package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapState.AUTHENTICATED;
import static dev.o365emulator.server.internal.imap.ImapState.NOT_AUTHENTICATED;
import static dev.o365emulator.server.internal.imap.ImapState.SELECTED;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The commands the IMAP session knows, each with the states it is valid in (RFC 3501 §6). */
public enum ImapCommand {
    CAPABILITY(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED),
    NOOP(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED),
    LOGOUT(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED),
    ID(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED),
    STARTTLS(NOT_AUTHENTICATED),
    LOGIN(NOT_AUTHENTICATED),
    AUTHENTICATE(NOT_AUTHENTICATED),
    NAMESPACE(AUTHENTICATED, SELECTED),
    SELECT(AUTHENTICATED, SELECTED),
    EXAMINE(AUTHENTICATED, SELECTED),
    CREATE(AUTHENTICATED, SELECTED),
    DELETE(AUTHENTICATED, SELECTED),
    RENAME(AUTHENTICATED, SELECTED),
    SUBSCRIBE(AUTHENTICATED, SELECTED),
    UNSUBSCRIBE(AUTHENTICATED, SELECTED),
    LIST(AUTHENTICATED, SELECTED),
    LSUB(AUTHENTICATED, SELECTED),
    STATUS(AUTHENTICATED, SELECTED),
    APPEND(AUTHENTICATED, SELECTED),
    IDLE(AUTHENTICATED, SELECTED),
    CHECK(SELECTED),
    CLOSE(SELECTED),
    UNSELECT(SELECTED),
    EXPUNGE(SELECTED),
    SEARCH(SELECTED),
    FETCH(SELECTED),
    STORE(SELECTED),
    COPY(SELECTED),
    MOVE(SELECTED),
    UID(SELECTED);

    private final Set<ImapState> validIn;

    ImapCommand(ImapState first, ImapState... rest) {
        this.validIn = EnumSet.of(first, rest);
    }

    public boolean validIn(ImapState state) {
        return validIn.contains(state);
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
