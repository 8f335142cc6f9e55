package dev.o365emulator.server.internal.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder of a mailbox: messages with strictly ascending UIDs, their flags, and change listeners.
 *
 * <p>Thread-safe: one lock per folder guards the message list; every mutation happens under it, so
 * concurrent deliveries and flag changes lose nothing. UIDs are never reused within a UIDVALIDITY.
 * Listeners are called after the lock is released, in mutation order (see {@link FolderListener}).
 * Operations on a deleted folder throw {@link FolderException} with {@link FolderException.Reason#DELETED}.
 *
 * <p>Every message added is charged to the mailbox's quota and the store's budget before it is added
 * (see {@link MailStore}), and every message removed is given back: an append or a copy that does not
 * fit fails whole, with nothing added. A move stays within one mailbox and changes neither.
 *
 * <p>Each change is handed to the folder's {@link FolderStorage} and made durable ({@link FolderStorage#sync()})
 * before the method returns, so a caller acknowledges only what is stored. Flag changes and expunges are
 * made durable under the lock. Appends and copies commit as a group: a message's own write
 * ({@link FolderStorage#prepare}) runs outside the lock, its entry in the folder (a rename into {@code new/}
 * and a UID line, for Maildir) under it, and the forcing of those entries outside it again, once for every
 * append waiting by then, in any folder of the store ({@link GroupCommit}): the first waiter forces
 * ({@link FolderStorage#detachSync()}) while later ones add their entries, and they are forced together by
 * the next. An append may be staged ({@link #stage}) in several folders before its caller waits once for all
 * of them ({@link #awaitDurable(List)}). An appended message becomes visible (in snapshots, to listeners, in
 * {@link #uidNext()}) only once it is durable, in UID order. A
 * {@link StorageException} leaves the folder as the storage has it: an append or copy that fails adds
 * nothing (its UIDs are not given again), a flag change or expunge that fails part way keeps what was
 * done. A move copies first and removes from here after: a crash in between leaves the message in both
 * folders, never in none.
 *
 * <p>Longer than most classes here because each mutation's steps (lock, checks, charge, storage, events)
 * must stay in one place, in one order, to be read and checked together.
 */
public final class MailFolder {
    /** Highest UID IMAP allows (an unsigned 32-bit number). */
    public static final long MAX_UID = 0xFFFF_FFFFL;

    private static final Logger LOG = LoggerFactory.getLogger(MailFolder.class);

    /** How a flag update combines with the current flags ({@code FLAGS}, {@code +FLAGS}, {@code -FLAGS}). */
    public enum FlagOperation {
        REPLACE, ADD, REMOVE
    }

    /** Where APPEND put a message, for {@code APPENDUID}. */
    public record AppendResult(long uidValidity, long uid) {
    }

    /** Source and destination UIDs of a COPY or MOVE, pairwise, for {@code COPYUID}. */
    public record CopyResult(long destinationUidValidity, List<Long> sourceUids, List<Long> destinationUids) {
        public CopyResult {
            sourceUids = List.copyOf(sourceUids);
            destinationUids = List.copyOf(destinationUids);
        }
    }

    private static final class Entry {
        final long uid;
        final StoredMessage message;
        Flags flags;

        Entry(long uid, StoredMessage message, Flags flags) {
            this.uid = uid;
            this.message = message;
            this.flags = flags;
        }
    }

    /**
     * An append or copied entry added to the storage and waiting to be durable, then visible; made so by a
     * {@link GroupCommit} flush, which sets {@link #done} and wakes {@link #owner}.
     */
    static final class Pending {
        final MailFolder folder;
        final Entry entry;
        final long size;
        /** Whether the mailbox was charged for it (not for a move within the mailbox). */
        final boolean charged;
        final boolean budgetReserved;
        /**
         * The copy this one was made from, staged before it in another folder (a recipient's copy of a
         * submission, from its Sent Items copy), or null: this one is undone if that one failed.
         */
        final Pending after;
        /** The thread that added it and waits for it. */
        final Thread owner = Thread.currentThread();
        volatile RuntimeException failure;
        /** Taken into a flush's batch; set before {@link #done}. */
        volatile boolean covered;
        /** Written after {@link #failure}, so that reading it first makes the failure visible. */
        volatile boolean done;

        Pending(MailFolder folder, Entry entry, long size, boolean charged, boolean budgetReserved, Pending after) {
            this.after = after;
            this.folder = folder;
            this.entry = entry;
            this.size = size;
            this.charged = charged;
            this.budgetReserved = budgetReserved;
        }

        /** Where it went, for {@code APPENDUID}. */
        AppendResult result() {
            return new AppendResult(folder.uidValidity, entry.uid);
        }

        /** The message as its folder holds it (in Maildir, its file there). */
        StoredMessage stored() {
            return entry.message;
        }
    }

    /**
     * One folder's part of a flush: its entries waiting to be durable, and what forces them; {@code heldBack}
     * when entries were left for a later flush.
     */
    record Batch(MailFolder folder, List<Pending> pending, FolderStorage.Flush flush, RuntimeException failure,
            boolean heldBack) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayList<Entry> entries = new ArrayList<>();
    /** Added to the storage, not yet durable, in UID order. */
    private final ArrayList<Pending> unpublished = new ArrayList<>();
    private final GroupCommit commit;
    private final SpecialUse specialUse;
    private final long uidValidity;
    private final int maxMessages;
    private final MailboxUsage usage;
    private final FolderStorage storage;
    private final FolderEvents events = new FolderEvents();
    private volatile String name;
    private long uidNext = 1;
    private boolean deleted;

    MailFolder(String name, SpecialUse specialUse, long uidValidity, int maxMessages, MailboxUsage usage,
            FolderStorage storage, GroupCommit commit) {
        this.commit = commit;
        this.name = name;
        this.specialUse = specialUse;
        this.uidValidity = uidValidity;
        this.maxMessages = maxMessages;
        this.usage = usage;
        this.storage = storage;
    }

    /**
     * Takes the messages its storage found, before the folder is shared; they count against the quota and
     * the budget even past them, since they are already stored.
     */
    void load(long storedUidNext, List<MailboxStorage.LoadedMessage> messages) {
        lock.lock();
        try {
            long bytes = 0;
            for (MailboxStorage.LoadedMessage m : messages) {
                entries.add(new Entry(m.uid(), m.message(), m.flags()));
                bytes += m.message().size();
                uidNext = Math.max(uidNext, m.uid() + 1);
            }
            uidNext = Math.max(uidNext, storedUidNext);
            usage.load(bytes, messages.size());
        } finally {
            lock.unlock();
        }
    }

    /** The full name with {@code /} as hierarchy delimiter, e.g. {@code INBOX}, {@code Sent Items}, {@code Projects/2026}. */
    public String name() {
        return name;
    }

    void rename(String newName) {
        name = newName;
    }

    FolderStorage storage() {
        return storage;
    }

    /** Forces what making this folder wrote (its directories, its UID list) to disk, where the store forces. */
    void makeDurable() {
        lock.lock();
        try {
            storage.sync();
        } finally {
            lock.unlock();
        }
    }

    public Optional<SpecialUse> specialUse() {
        return Optional.ofNullable(specialUse);
    }

    public long uidValidity() {
        return uidValidity;
    }

    /** The UID the next visible message gets at the least: one waiting to be durable holds its UID back. */
    public long uidNext() {
        lock.lock();
        try {
            return visibleUidNext();
        } finally {
            lock.unlock();
        }
    }

    private long visibleUidNext() {
        return unpublished.isEmpty() ? uidNext : unpublished.get(0).entry.uid;
    }

    public int exists() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** A consistent view of the folder now. */
    public FolderSnapshot snapshot() {
        lock.lock();
        try {
            return snapshotLocked();
        } finally {
            lock.unlock();
        }
    }

    private FolderSnapshot snapshotLocked() {
        List<MessageHandle> handles = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            handles.add(new MessageHandle(i + 1, e.uid, e.flags, e.message));
        }
        return new FolderSnapshot(name, uidValidity, visibleUidNext(), handles);
    }

    /**
     * Registers a listener and returns the snapshot it starts from, atomically: the listener gets
     * exactly the changes made after that snapshot.
     */
    public FolderSnapshot subscribe(FolderListener listener) {
        lock.lock();
        try {
            events.add(listener);
            return snapshotLocked();
        } finally {
            lock.unlock();
        }
    }

    public void unsubscribe(FolderListener listener) {
        lock.lock();
        try {
            events.remove(listener);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a message with these flags; returns its UID.
     *
     * @throws FolderException {@link FolderException.Reason#QUOTA_EXCEEDED} or
     *     {@link FolderException.Reason#STORE_FULL} when it does not fit, a {@link StorageException} when it
     *     could not be stored; in each case with nothing added
     */
    public AppendResult append(StoredMessage message, Flags flags) {
        return append(message, flags, false).result();
    }

    /** Where an append put a message, and the message as the folder holds it (in Maildir, its file there). */
    record Appended(AppendResult result, StoredMessage stored) {
    }

    /**
     * Appends a message; {@code budgetReserved} says the caller already reserved its
     * {@linkplain MailStore#cost cost} in the store's budget, which becomes the folder's only if the
     * append succeeds.
     */
    Appended append(StoredMessage message, Flags flags, boolean budgetReserved) {
        Pending pending = stage(message, flags, budgetReserved, null);
        awaitDurable(List.of(pending));
        return new Appended(pending.result(), pending.stored());
    }

    /**
     * The first half of an append: the message written (and forced) outside the lock, so that appends to one
     * folder overlap in their slowest part, then checked, charged and added to the storage under it. Neither
     * durable nor visible until {@link #awaitDurable} returns for it; appends staged in several folders before
     * that are made durable by one flush and waited for once.
     *
     * @param after the staged copy this one is made from, or null: if that one fails, so does this one, so
     *     that a copy never becomes visible while the one it came from was refused
     * @throws FolderException as {@link #append(StoredMessage, Flags)} does, with nothing added
     */
    Pending stage(StoredMessage message, Flags flags, boolean budgetReserved, Pending after) {
        checkLiveUnlocked();
        StoredMessage prepared;
        try {
            prepared = storage.prepare(message);
        } catch (StorageException e) {
            // A folder deleted meanwhile (its directory gone) says so rather than that the disk failed.
            checkLiveUnlocked();
            throw e;
        }
        Pending pending;
        lock.lock();
        try {
            try {
                checkLive();
                checkRoom(1);
                usage.charge(message.size(), 1, budgetReserved);
            } catch (RuntimeException refused) {
                storage.discard(prepared);
                throw refused;
            }
            long uid = uidNext++;
            StoredMessage stored;
            try {
                stored = storage.add(prepared, uid, flags);
            } catch (RuntimeException e) {
                // The UID stays used: a crash may have left it on disk, and a UID is never given twice.
                usage.refund(message.size(), 1, budgetReserved);
                throw e;
            }
            pending = new Pending(this, new Entry(uid, stored, flags), message.size(), true, budgetReserved, after);
            unpublished.add(pending);
        } finally {
            lock.unlock();
        }
        commit.added(this);
        return pending;
    }

    /**
     * Returns once every staged entry of {@code pending} (of one store, in any of its folders) is durable and
     * visible, or throws the first one's failure; the others' outcomes are theirs ({@link Pending#failure}).
     */
    static void awaitDurable(List<Pending> pending) {
        if (pending.isEmpty()) {
            return;
        }
        pending.get(0).folder.commit.await(pending);
        MailFolder drained = null;
        for (Pending p : pending) {
            if (p.folder != drained) {
                p.folder.events.drain();
                drained = p.folder;
            }
        }
        for (Pending p : pending) {
            if (p.failure != null) {
                throw p.failure;
            }
        }
    }

    /**
     * A flush's part here: the entries added so far and what forces them, detached under the lock so that
     * they are forced outside it while later appends add theirs.
     */
    Batch detach() {
        lock.lock();
        try {
            // A copy made from one that no flush has taken yet waits for a later flush, and so does every
            // entry behind it (they become visible in UID order): it must not be visible before its source.
            int n = 0;
            for (Pending p : unpublished) {
                if (p.after != null && !p.after.covered) {
                    break;
                }
                p.covered = true;
                n++;
            }
            List<Pending> batch = new ArrayList<>(unpublished.subList(0, n));
            boolean heldBack = n < unpublished.size();
            try {
                return new Batch(this, batch, storage.detachSync(), null, heldBack);
            } catch (RuntimeException e) {
                return new Batch(this, batch, null, e, heldBack);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A detached batch, forced (or not, on {@code failure}), becomes visible in UID order, or is undone; its
     * appenders are woken. The batch is still the head of {@link #unpublished}: one flush runs at a time.
     */
    void publish(List<Pending> batch, RuntimeException failure) {
        if (batch.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            unpublished.subList(0, batch.size()).clear();
            for (Pending p : batch) {
                // The copy it was made from was taken by this flush (whose outcome it shares) or an earlier one.
                RuntimeException failed = failure != null ? failure
                        : p.after != null && p.after.done && p.after.failure != null ? p.after.failure : null;
                if (failed != null || deleted) {
                    if (failed != null) {
                        undo(List.of(p.entry));
                    }
                    if (p.charged) {
                        usage.refund(p.size, 1, p.budgetReserved);
                    }
                    p.failure = failed != null ? failed
                            : new FolderException(FolderException.Reason.DELETED, name + " was deleted");
                } else {
                    addLocked(p.entry.uid, p.entry.message, p.entry.flags);
                }
                p.done = true;
                if (p.owner != Thread.currentThread()) {
                    LockSupport.unpark(p.owner);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void undo(List<Entry> added) {
        for (Entry a : added) {
            try {
                storage.remove(a.message, a.uid);
            } catch (RuntimeException again) {
                LOG.warn("{}: cannot take back UID {} after a failed write: {}", name, a.uid, again.getMessage());
            }
        }
    }

    /** Whether {@code count} more messages fit (checked before charging, so a charge is never left behind). */
    private void checkRoom(int count) {
        if (count > maxMessages - entries.size() - unpublished.size()) {
            throw new FolderException(FolderException.Reason.FOLDER_FULL, name + " holds " + maxMessages + " messages");
        }
        if (count > MAX_UID - uidNext + 1) {
            throw new FolderException(FolderException.Reason.FOLDER_FULL, name + " has used every UID");
        }
    }

    // Called under the lock, once the message is stored.
    private void addLocked(long uid, StoredMessage message, Flags flags) {
        entries.add(new Entry(uid, message, flags));
        MessageHandle handle = new MessageHandle(entries.size(), uid, flags, message);
        events.enqueue(this, l -> l.messageAdded(this, handle));
    }

    /**
     * Updates the flags of the messages with these UIDs (missing UIDs are skipped).
     *
     * @return the new flags of every message found, by UID in ascending order; listeners hear only of
     *     messages whose flags actually changed
     */
    public Map<Long, Flags> storeFlags(Collection<Long> uids, FlagOperation operation, Flags flags) {
        Map<Long, Flags> result = new LinkedHashMap<>();
        lock.lock();
        try {
            checkLive();
            // Every new value first: one past the keyword limit refuses the whole change, before any of it is made.
            Map<Entry, Flags> updates = new LinkedHashMap<>();
            for (long uid : new TreeSet<>(uids)) {
                int i = indexOf(uid);
                if (i < 0) {
                    continue;
                }
                Entry e = entries.get(i);
                try {
                    updates.put(e, switch (operation) {
                        case REPLACE -> flags;
                        case ADD -> e.flags.plus(flags);
                        case REMOVE -> e.flags.minus(flags);
                    });
                } catch (IllegalArgumentException tooMany) {
                    throw new FolderException(FolderException.Reason.TOO_MANY_KEYWORDS,
                            "UID " + uid + " in " + name + ": " + tooMany.getMessage());
                }
            }
            try {
                for (Map.Entry<Entry, Flags> u : updates.entrySet()) {
                    Entry e = u.getKey();
                    Flags updated = u.getValue();
                    long uid = e.uid;
                    if (!updated.equals(e.flags)) {
                        storage.changeFlags(e.message, uid, e.flags, updated);
                        e.flags = updated;
                        events.enqueue(this, l -> l.flagsChanged(this, uid, updated));
                    }
                    result.put(uid, updated);
                }
            } finally {
                storage.sync();
            }
        } finally {
            lock.unlock();
            events.drain();
        }
        return result;
    }

    /** Removes every message flagged {@code \Deleted}; returns their UIDs in ascending order. */
    public List<Long> expunge() {
        return expungeWhere(null);
    }

    /** {@code UID EXPUNGE}: removes those of these UIDs that are flagged {@code \Deleted}. */
    public List<Long> expunge(Collection<Long> uids) {
        return expungeWhere(new TreeSet<>(uids));
    }

    private List<Long> expungeWhere(TreeSet<Long> only) {
        List<Long> removed = new ArrayList<>();
        lock.lock();
        try {
            checkLive();
            List<Entry> matches = matching(only, true);
            int stored = 0;
            RuntimeException failure = null;
            try {
                for (Entry e : matches) {
                    storage.remove(e.message, e.uid);
                    stored++;
                }
                storage.sync();
            } catch (RuntimeException e) {
                failure = e;
            }
            // What the storage removed is gone whatever failed after it.
            removeLocked(matches.subList(0, stored), removed, true);
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
            events.drain();
        }
        return removed;
    }

    private List<Entry> matching(TreeSet<Long> only, boolean deletedOnly) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if ((only == null || only.contains(e.uid)) && (!deletedOnly || e.flags.contains(Flags.SystemFlag.DELETED))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Takes these entries (in UID order) out of the list; {@code discharge} is false when they move on within the mailbox. */
    private void removeLocked(List<Entry> gone, List<Long> removedUids, boolean discharge) {
        if (gone.isEmpty()) {
            return;
        }
        int w = 0;
        int g = 0;
        long bytes = 0;
        for (int r = 0; r < entries.size(); r++) {
            Entry e = entries.get(r);
            if (g < gone.size() && gone.get(g) == e) {
                g++;
                removedUids.add(e.uid);
                bytes += e.message.size();
            } else {
                entries.set(w++, e);
            }
        }
        entries.subList(w, entries.size()).clear();
        if (discharge) {
            usage.discharge(bytes, gone.size());
        }
        List<Long> uids = List.copyOf(removedUids);
        events.enqueue(this, l -> l.messagesExpunged(this, uids));
    }

    /** Copies the messages with these UIDs (missing ones skipped) to {@code destination}, flags included. */
    public CopyResult copyTo(Collection<Long> uids, MailFolder destination) {
        List<Entry> source = new ArrayList<>();
        lock.lock();
        try {
            checkLive();
            for (long uid : new TreeSet<>(uids)) {
                int i = indexOf(uid);
                if (i >= 0) {
                    Entry e = entries.get(i);
                    source.add(new Entry(e.uid, e.message, e.flags));
                }
            }
        } finally {
            lock.unlock();
        }
        // The two folder locks are never held together, so copies in both directions cannot deadlock.
        return destination.appendEntries(source, true);
    }

    /**
     * Moves the messages with these UIDs to {@code destination}, a folder of the same mailbox: removed
     * here first (listeners hear an expunge), then appended there, then taken out of this folder's
     * storage. If the destination fails meanwhile, the messages come back here with new UIDs and the
     * {@link FolderException} is rethrown: a message is never lost. The mailbox's size does not change, so
     * a move is never refused for its quota.
     *
     * @throws IllegalArgumentException when {@code destination} belongs to another mailbox
     */
    public CopyResult moveTo(Collection<Long> uids, MailFolder destination) {
        if (destination.usage != usage) {
            throw new IllegalArgumentException("a move stays within one mailbox: " + destination + " is another's");
        }
        // Checked without holding this folder's lock: two folder locks are never held together.
        destination.checkLiveUnlocked();
        List<Entry> removed;
        lock.lock();
        try {
            checkLive();
            removed = matching(new TreeSet<>(uids), false);
            removeLocked(removed, new ArrayList<>(), false);
        } finally {
            lock.unlock();
        }
        events.drain();
        try {
            CopyResult result = destination.appendEntries(removed, false);
            forget(removed);
            return result;
        } catch (FolderException destinationGone) {
            // The destination was deleted, filled up or could not be written meanwhile: put the messages
            // back (with new UIDs) rather than lose them.
            try {
                appendEntries(removed, false);
                forget(removed);
            } catch (FolderException bothGone) {
                // This folder went too: the messages are gone with it, and so is their charge.
                usage.discharge(removed.stream().mapToLong(e -> e.message.size()).sum(), removed.size());
                throw bothGone;
            }
            throw destinationGone;
        }
    }

    /**
     * Takes moved entries out of this folder's storage, now that their copies are stored elsewhere. A
     * failure only leaves a second copy behind, which is logged, not a reason to fail the move.
     */
    private void forget(List<Entry> moved) {
        if (moved.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (Entry e : moved) {
                storage.remove(e.message, e.uid);
            }
            storage.sync();
        } catch (RuntimeException e) {
            LOG.warn("{}: moved messages may stay here too: {}", name, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends entries in one step: all of them or, when they do not fit or cannot be stored, none. They are
     * added under the lock in one go, so one flush covers them all and a failed flush undoes them all.
     */
    private CopyResult appendEntries(List<Entry> source, boolean charge) {
        List<Long> sourceUids = new ArrayList<>(source.size());
        List<Long> destinationUids = new ArrayList<>(source.size());
        if (source.isEmpty()) {
            checkLiveUnlocked();
            return new CopyResult(uidValidity, sourceUids, destinationUids);
        }
        List<Pending> pending = new ArrayList<>(source.size());
        lock.lock();
        try {
            checkLive();
            checkRoom(source.size());
            long bytes = source.stream().mapToLong(e -> e.message.size()).sum();
            if (charge) {
                usage.charge(bytes, source.size(), false);
            }
            List<Entry> added = new ArrayList<>(source.size());
            try {
                for (Entry e : source) {
                    long uid = uidNext++;
                    added.add(new Entry(uid, storage.add(e.message, uid, e.flags), e.flags));
                }
            } catch (RuntimeException e) {
                undo(added);
                if (charge) {
                    usage.refund(bytes, source.size(), false);
                }
                throw e;
            }
            for (int i = 0; i < source.size(); i++) {
                Entry a = added.get(i);
                sourceUids.add(source.get(i).uid);
                destinationUids.add(a.uid);
                Pending p = new Pending(this, a, source.get(i).message.size(), charge, false, null);
                pending.add(p);
                unpublished.add(p);
            }
        } finally {
            lock.unlock();
        }
        commit.added(this);
        // Added together under the lock, the entries are in one batch: all made durable, or all undone.
        awaitDurable(pending);
        return new CopyResult(uidValidity, sourceUids, destinationUids);
    }

    /** Marks the folder deleted, gives its messages' space back, tells listeners, and returns the messages. */
    List<StoredMessage> markDeleted() {
        List<StoredMessage> messages = new ArrayList<>();
        lock.lock();
        try {
            if (deleted) {
                return messages;
            }
            deleted = true;
            long bytes = 0;
            for (Entry e : entries) {
                messages.add(e.message);
                bytes += e.message.size();
            }
            usage.discharge(bytes, entries.size());
            events.enqueue(this, l -> l.folderDeleted(this));
        } finally {
            lock.unlock();
        }
        events.drain();
        return messages;
    }

    /** Moves every message out into {@code destination} (RFC 3501 INBOX rename); this folder stays, empty. */
    void moveAllTo(MailFolder destination) {
        List<Entry> removed;
        lock.lock();
        try {
            checkLive();
            removed = new ArrayList<>(entries);
            removeLocked(removed, new ArrayList<>(), false);
        } finally {
            lock.unlock();
        }
        events.drain();
        destination.appendEntries(removed, false);
        forget(removed);
    }

    private void checkLiveUnlocked() {
        lock.lock();
        try {
            checkLive();
        } finally {
            lock.unlock();
        }
    }

    private void checkLive() {
        if (deleted) {
            throw new FolderException(FolderException.Reason.DELETED, name + " was deleted");
        }
    }

    private int indexOf(long uid) {
        int lo = 0;
        int hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = entries.get(mid).uid;
            if (m < uid) {
                lo = mid + 1;
            } else if (m > uid) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "MailFolder[" + name + ", uidValidity=" + uidValidity + "]";
    }
}
