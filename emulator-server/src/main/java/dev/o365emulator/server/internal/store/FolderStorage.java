package dev.o365emulator.server.internal.store;

/**
 * The stored form of one folder's messages. {@link MailFolder} calls it under the folder's lock, so
 * never twice at once for one folder, and calls {@link #sync()} (or forces what {@link #detachSync()}
 * returned) before it reports a change as done. {@link #prepare} and a detached {@link Flush} are the
 * exceptions, called outside the lock, so that slow writes of several callers overlap.
 */
public interface FolderStorage {

    /**
     * The part of adding {@code message} that needs no lock, done before {@link #add} and outside the
     * folder's lock, so concurrent appends overlap in it (the Maildir store writes and forces the message's
     * file in {@code tmp/} here). Returns what to pass to {@link #add}, or to {@link #discard} when the
     * append is refused after all.
     */
    default StoredMessage prepare(StoredMessage message) {
        return message;
    }

    /** A {@linkplain #prepare prepared} message that will not be added: what it wrote goes. */
    default void discard(StoredMessage prepared) {
    }

    /** Forcing to disk, detached from the folder's lock. */
    interface Flush {
        /** Forces what was detached; a {@link StorageException} says it may not be durable. */
        void force();
    }

    /**
     * Takes what {@link #sync()} would force now, to be forced outside the folder's lock by {@link Flush#force()};
     * null when nothing needs forcing. Everything done before the call is durable once the flush returns.
     */
    default Flush detachSync() {
        sync();
        return null;
    }

    /**
     * Adds a copy of {@code message} (possibly another folder's) as {@code uid} with {@code flags}, and
     * returns the message as this folder holds it. On {@link StorageException} nothing was added.
     */
    StoredMessage add(StoredMessage message, long uid, Flags flags);

    /** A message of this folder got new flags. */
    void changeFlags(StoredMessage message, long uid, Flags before, Flags after);

    /**
     * A message left this folder: expunged, or moved to a folder that already holds its copy. Readers that
     * still hold {@code message} may go on reading it.
     */
    void remove(StoredMessage message, long uid);

    /** Makes everything done since the last call durable. */
    void sync();
}
