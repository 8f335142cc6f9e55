package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapRequest;

/**
 * Runs one IMAP command (or a family: SELECT and EXAMINE, COPY and MOVE…) once the session has found
 * the command valid in its state ({@link ImapCommand#validIn}) and the fault plan let it go on.
 * Handlers keep no state of their own: what a connection knows is in its {@link ImapConnection}.
 */
interface ImapCommandHandler {

    /**
     * Answers {@code request}, which runs {@code command}: a family's handler tells its members apart by
     * it, and a UID form ({@code UID FETCH}) arrives as its command ({@code FETCH}) with the request of
     * {@code UID}. Arguments outside the command's grammar throw {@link BadArguments}, which the session
     * answers {@code BAD}.
     */
    void handle(ImapConnection connection, ImapCommand command, ImapRequest request);
}
