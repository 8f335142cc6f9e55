package dev.o365emulator.server.internal.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayList<Entry> entries = new ArrayList<>();
    private final SpecialUse specialUse;
    private final long uidValidity;
    private final int maxMessages;
    private final MailboxUsage usage;
    private volatile String name;
    private long uidNext = 1;
    private boolean deleted;
    private volatile List<FolderListener> listeners = List.of();
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    MailFolder(String name, SpecialUse specialUse, long uidValidity, int maxMessages, MailboxUsage usage) {
        this.name = name;
        this.specialUse = specialUse;
        this.uidValidity = uidValidity;
        this.maxMessages = maxMessages;
        this.usage = usage;
    }

    /** The full name with {@code /} as hierarchy delimiter, e.g. {@code INBOX}, {@code Sent Items}, {@code Projects/2026}. */
    public String name() {
        return name;
    }

    void rename(String newName) {
        name = newName;
    }

    public Optional<SpecialUse> specialUse() {
        return Optional.ofNullable(specialUse);
    }

    public long uidValidity() {
        return uidValidity;
    }

    public long uidNext() {
        lock.lock();
        try {
            return uidNext;
        } finally {
            lock.unlock();
        }
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
        return new FolderSnapshot(name, uidValidity, uidNext, handles);
    }

    /**
     * Registers a listener and returns the snapshot it starts from, atomically: the listener gets
     * exactly the changes made after that snapshot.
     */
    public FolderSnapshot subscribe(FolderListener listener) {
        lock.lock();
        try {
            List<FolderListener> next = new ArrayList<>(listeners);
            next.add(listener);
            listeners = List.copyOf(next);
            return snapshotLocked();
        } finally {
            lock.unlock();
        }
    }

    public void unsubscribe(FolderListener listener) {
        lock.lock();
        try {
            List<FolderListener> next = new ArrayList<>(listeners);
            next.remove(listener);
            listeners = List.copyOf(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a message with these flags; returns its UID.
     *
     * @throws FolderException {@link FolderException.Reason#QUOTA_EXCEEDED} or
     *     {@link FolderException.Reason#STORE_FULL} when it does not fit, with nothing added
     */
    public AppendResult append(StoredMessage message, Flags flags) {
        return append(message, flags, false);
    }

    /**
     * Appends a message; {@code budgetReserved} says the caller already reserved its
     * {@linkplain MailStore#cost cost} in the store's budget, which becomes the folder's only if the
     * append succeeds.
     */
    AppendResult append(StoredMessage message, Flags flags, boolean budgetReserved) {
        long uid;
        lock.lock();
        try {
            checkLive();
            checkRoom(1);
            usage.charge(message.size(), 1, budgetReserved);
            uid = appendLocked(message, flags);
        } finally {
            lock.unlock();
        }
        drain();
        return new AppendResult(uidValidity, uid);
    }

    /** Whether {@code count} more messages fit (checked before charging, so a charge is never left behind). */
    private void checkRoom(int count) {
        if (count > maxMessages - entries.size()) {
            throw new FolderException(FolderException.Reason.FOLDER_FULL, name + " holds " + maxMessages + " messages");
        }
        if (count > MAX_UID - uidNext + 1) {
            throw new FolderException(FolderException.Reason.FOLDER_FULL, name + " has used every UID");
        }
    }

    // Called under the lock, after checkLive and checkRoom.
    private long appendLocked(StoredMessage message, Flags flags) {
        long uid = uidNext++;
        Entry e = new Entry(uid, message, flags);
        entries.add(e);
        MessageHandle handle = new MessageHandle(entries.size(), uid, flags, message);
        enqueue(l -> l.messageAdded(this, handle));
        return uid;
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
            for (Map.Entry<Entry, Flags> u : updates.entrySet()) {
                Entry e = u.getKey();
                Flags updated = u.getValue();
                long uid = e.uid;
                if (!updated.equals(e.flags)) {
                    e.flags = updated;
                    enqueue(l -> l.flagsChanged(this, uid, updated));
                }
                result.put(uid, updated);
            }
        } finally {
            lock.unlock();
        }
        drain();
        return result;
    }

    /** Removes every message flagged {@code \Deleted}; returns their UIDs in ascending order. */
    public List<Long> expunge() {
        return removeWhere(null, true);
    }

    /** {@code UID EXPUNGE}: removes those of these UIDs that are flagged {@code \Deleted}. */
    public List<Long> expunge(Collection<Long> uids) {
        return removeWhere(new TreeSet<>(uids), true);
    }

    private List<Long> removeWhere(TreeSet<Long> only, boolean deletedOnly) {
        List<Long> removed = new ArrayList<>();
        lock.lock();
        try {
            checkLive();
            removeLocked(only, deletedOnly, removed, null, true);
        } finally {
            lock.unlock();
        }
        drain();
        return removed;
    }

    /** Removes the matching entries; {@code discharge} is false when they move on within the mailbox. */
    private void removeLocked(TreeSet<Long> only, boolean deletedOnly, List<Long> removedUids, List<Entry> removed,
            boolean discharge) {
        int w = 0;
        long bytes = 0;
        for (int r = 0; r < entries.size(); r++) {
            Entry e = entries.get(r);
            boolean match = (only == null || only.contains(e.uid))
                    && (!deletedOnly || e.flags.contains(Flags.SystemFlag.DELETED));
            if (match) {
                removedUids.add(e.uid);
                bytes += e.message.size();
                if (removed != null) {
                    removed.add(e);
                }
            } else {
                entries.set(w++, e);
            }
        }
        entries.subList(w, entries.size()).clear();
        if (discharge && !removedUids.isEmpty()) {
            usage.discharge(bytes, removedUids.size());
        }
        if (!removedUids.isEmpty()) {
            List<Long> uids = List.copyOf(removedUids);
            enqueue(l -> l.messagesExpunged(this, uids));
        }
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
     * here first (listeners hear an expunge), then appended there. If the destination fails meanwhile,
     * the messages come back here with new UIDs and the {@link FolderException} is rethrown: a message is
     * never lost. The mailbox's size does not change, so a move is never refused for its quota.
     *
     * @throws IllegalArgumentException when {@code destination} belongs to another mailbox
     */
    public CopyResult moveTo(Collection<Long> uids, MailFolder destination) {
        if (destination.usage != usage) {
            throw new IllegalArgumentException("a move stays within one mailbox: " + destination + " is another's");
        }
        // Checked without holding this folder's lock: two folder locks are never held together.
        destination.checkLiveUnlocked();
        List<Long> removedUids = new ArrayList<>();
        List<Entry> removed = new ArrayList<>();
        lock.lock();
        try {
            checkLive();
            removeLocked(new TreeSet<>(uids), false, removedUids, removed, false);
        } finally {
            lock.unlock();
        }
        drain();
        try {
            return destination.appendEntries(removed, false);
        } catch (FolderException destinationGone) {
            // The destination was deleted or filled up meanwhile: put the messages back (with new
            // UIDs) rather than lose them.
            try {
                appendEntries(removed, false);
            } catch (FolderException bothGone) {
                // This folder went too: the messages are gone with it, and so is their charge.
                usage.discharge(removed.stream().mapToLong(e -> e.message.size()).sum(), removed.size());
                throw bothGone;
            }
            throw destinationGone;
        }
    }

    /** Appends entries in one step: all of them or, when they do not fit, none. */
    private CopyResult appendEntries(List<Entry> source, boolean charge) {
        List<Long> sourceUids = new ArrayList<>(source.size());
        List<Long> destinationUids = new ArrayList<>(source.size());
        lock.lock();
        try {
            checkLive();
            checkRoom(source.size());
            if (charge && !source.isEmpty()) {
                usage.charge(source.stream().mapToLong(e -> e.message.size()).sum(), source.size(), false);
            }
            for (Entry e : source) {
                sourceUids.add(e.uid);
                destinationUids.add(appendLocked(e.message, e.flags));
            }
        } finally {
            lock.unlock();
        }
        drain();
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
            enqueue(l -> l.folderDeleted(this));
        } finally {
            lock.unlock();
        }
        drain();
        return messages;
    }

    /** Moves every message out into {@code destination} (RFC 3501 INBOX rename); this folder stays, empty. */
    void moveAllTo(MailFolder destination) {
        List<Long> removedUids = new ArrayList<>();
        List<Entry> removed = new ArrayList<>();
        lock.lock();
        try {
            checkLive();
            removeLocked(null, false, removedUids, removed, false);
        } finally {
            lock.unlock();
        }
        drain();
        destination.appendEntries(removed, false);
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

    // Called under the lock: capturing the listener list here means a listener that subscribed after
    // this change (and whose snapshot already shows it) never hears of it.
    private void enqueue(Consumer<FolderListener> event) {
        List<FolderListener> targets = listeners;
        if (targets.isEmpty()) {
            return;
        }
        pending.add(() -> {
            for (FolderListener l : targets) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("folder listener {} failed on {}", l, name, e);
                }
            }
        });
    }

    // Called without the lock. One thread at a time delivers, in queue order; a thread that finds
    // another one delivering leaves its events to it.
    private void drain() {
        while (!pending.isEmpty()) {
            if (!draining.compareAndSet(false, true)) {
                return;
            }
            try {
                Runnable r;
                while ((r = pending.poll()) != null) {
                    r.run();
                }
            } finally {
                draining.set(false);
            }
        }
    }

    @Override
    public String toString() {
        return "MailFolder[" + name + ", uidValidity=" + uidValidity + "]";
    }
}
