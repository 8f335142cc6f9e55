package dev.o365emulator.server.internal.store;

/**
 * The stored form of one folder's messages. {@link MailFolder} calls it under the folder's lock, so
 * never twice at once for one folder, and calls {@link #sync()} before it reports a change as done.
 */
public interface FolderStorage {

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
