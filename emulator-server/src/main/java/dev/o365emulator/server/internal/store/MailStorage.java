package dev.o365emulator.server.internal.store;

import java.util.List;

/**
 * Where a {@link MailStore} keeps its mailboxes: only in memory ({@link #memory()}), or durably on disk
 * (the Maildir store). The store keeps UIDs, flags, locking and listeners; the storage keeps what must
 * outlive the process and reads it back.
 *
 * <p>Every method that changes something returns only once the change is as durable as the storage
 * makes it, so a caller may acknowledge it; one that cannot make it so throws {@link StorageException}
 * and leaves nothing half done that a reader could see.
 */
public interface MailStorage extends AutoCloseable {

    /** The storage of the in-memory store: nothing is written anywhere, every message's bytes stay on the heap. */
    static MailStorage memory() {
        return MemoryStorage.INSTANCE;
    }

    /** The addresses of the mailboxes it already holds, without loading them (none for memory). */
    List<String> storedAddresses();

    /** Whether it holds this mailbox (a normalised address) already, without loading it. */
    boolean holds(String address);

    /**
     * A UIDVALIDITY for a new folder: {@code candidate}, or a higher value when this storage has given
     * {@code candidate} or more before (a durable store remembers across restarts).
     */
    long newUidValidity(long candidate);

    /** Opens one mailbox, loading what it holds (its folders, messages and subscriptions) or creating it. */
    MailboxStorage openMailbox(String address);

    /**
     * What {@code copies} stored copies totalling {@code bytes} cost the store's memory budget: their bytes
     * and bookkeeping for the in-memory store, only the bookkeeping when the bytes are on disk.
     */
    long cost(long bytes, long copies);

    /**
     * Whether its writes block on I/O (files, forced writes), so that sessions must run them off their event
     * loops; the in-memory storage's never do.
     */
    default boolean blocks() {
        return false;
    }

    /** Forgets every mailbox it holds (the emulator's reset between tests). */
    void clear();

    /** Gives up what it holds open (files, the lock on a directory); the store is not used afterwards. */
    @Override
    void close();
}
