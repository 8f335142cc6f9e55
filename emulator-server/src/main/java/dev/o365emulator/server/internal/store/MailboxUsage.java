package dev.o365emulator.server.internal.store;

import java.util.function.LongSupplier;

/**
 * What one mailbox's stored copies take: the bytes its quota counts, and their share of the store's
 * budget. Every folder of the mailbox charges and discharges it under the folder's lock, so the counts
 * are exact: an append adds a message's size, an expunge, a folder deletion or {@link MailStore#clear()}
 * takes it away again.
 *
 * <p>A mailbox {@linkplain #detach() detached} from the store (by {@link MailStore#clear()}, while a
 * session may still hold its folders) keeps counting against its quota but no longer against the store.
 */
final class MailboxUsage {
    private final String address;
    private final LongSupplier quota;
    private final MemoryBudget store;
    private final MailStorage storage;
    private long bytes;
    private long copies;
    private boolean detached;

    MailboxUsage(String address, LongSupplier quota, MemoryBudget store) {
        this(address, quota, store, MailStorage.memory());
    }

    MailboxUsage(String address, LongSupplier quota, MemoryBudget store, MailStorage storage) {
        this.address = address;
        this.quota = quota;
        this.store = store;
        this.storage = storage;
    }

    /**
     * Charges {@code copies} stored copies totalling {@code bytes}, or throws with nothing charged.
     *
     * @param budgetReserved whether the caller already reserved the store budget for them
     *     ({@link MailStore#cost}); if so the reservation becomes this mailbox's on success, and stays the
     *     caller's to release on failure
     * @throws FolderException {@link FolderException.Reason#QUOTA_EXCEEDED} when the mailbox would pass
     *     its quota, {@link FolderException.Reason#STORE_FULL} when the store's budget has no room
     */
    synchronized void charge(long bytes, int copies, boolean budgetReserved) {
        long limit = quota.getAsLong();
        if (bytes > limit - this.bytes) {
            throw new FolderException(FolderException.Reason.QUOTA_EXCEEDED, address + " would hold "
                    + (this.bytes + bytes) + " bytes, over its quota of " + limit);
        }
        long cost = storage.cost(bytes, copies);
        if (detached) {
            if (budgetReserved) {
                store.release(cost);
            }
        } else if (!budgetReserved && !store.tryReserve(cost)) {
            throw new FolderException(FolderException.Reason.STORE_FULL, "the store's budget of " + store.limit()
                    + " bytes has no room for " + cost + " more");
        }
        this.bytes += bytes;
        this.copies += copies;
    }

    /**
     * Counts copies a durable store found at start: they are stored already, so neither the quota nor the
     * budget can refuse them (a mailbox may start over its quota, and then takes nothing new).
     */
    synchronized void load(long bytes, int copies) {
        if (!detached) {
            store.reserveAnyway(storage.cost(bytes, copies));
        }
        this.bytes += bytes;
        this.copies += copies;
    }

    /** Undoes a {@link #charge} whose copies could not be stored, with the same {@code budgetReserved}. */
    synchronized void refund(long bytes, int copies, boolean budgetReserved) {
        this.bytes -= bytes;
        this.copies -= copies;
        if (!detached && !budgetReserved) {
            store.release(storage.cost(bytes, copies));
        }
    }

    /** Gives back what {@link #charge} took for copies that are gone. */
    synchronized void discharge(long bytes, int copies) {
        if (bytes > this.bytes || copies > this.copies) {
            throw new IllegalStateException(address + ": discharging more than was charged");
        }
        this.bytes -= bytes;
        this.copies -= copies;
        if (!detached) {
            store.release(storage.cost(bytes, copies));
        }
    }

    /** Stops counting against the store: its copies are no longer reachable from it. */
    synchronized void detach() {
        if (!detached) {
            detached = true;
            store.release(storage.cost(bytes, copies));
        }
    }

    /** The bytes of every message in the mailbox, as its quota counts them. */
    synchronized long bytes() {
        return bytes;
    }

    /** The mailbox's quota now (the tenant may change it at any time). */
    long quota() {
        return quota.getAsLong();
    }
}
