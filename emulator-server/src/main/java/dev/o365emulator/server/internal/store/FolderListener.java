package dev.o365emulator.server.internal.store;

import java.util.List;

/**
 * Receives a folder's changes, e.g. an IMAP session in IDLE or a second session on the same mailbox.
 *
 * <p>Events arrive in the order the changes happened, never while the folder's lock is held, on the
 * thread of a mutating caller (not necessarily the one that made this change). A listener must be
 * quick and must not block: a session hops to its own event loop. An exception thrown by a listener
 * is logged and does not affect the change or other listeners.
 */
public interface FolderListener {

    /** A message was appended (delivery, APPEND, COPY or MOVE into the folder). */
    default void messageAdded(MailFolder folder, MessageHandle message) {
    }

    /** A message's flags changed; {@code flags} is the complete new set. */
    default void flagsChanged(MailFolder folder, long uid, Flags flags) {
    }

    /** Messages were removed (EXPUNGE or MOVE out), in ascending UID order. */
    default void messagesExpunged(MailFolder folder, List<Long> uids) {
    }

    /** The folder was deleted or renamed away; its UIDs mean nothing from now on. */
    default void folderDeleted(MailFolder folder) {
    }
}
