package dev.o365emulator.server.internal.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes the entries appended to a store's folders durable in groups: one thread at a time forces, outside
 * every folder's lock, what all folders added since the last flush, while later appenders add theirs and
 * wait; the next flush covers those. Shared by every folder of a store, so that entries added to several
 * folders before their caller waits (a submission's Sent Items copy and its recipients' copies) are covered
 * by one flush and waited for once, and become visible only together, once all of them are durable.
 *
 * <p>A flush forces the folders in the order they got their first entry since the previous flush, then
 * publishes each folder's batch (see {@link MailFolder}); when any folder's force fails, every batch of the
 * flush is undone, so no copy of a message becomes visible while another copy of it failed. Each wake-up is
 * a context switch: a flush wakes the appenders whose entries it made durable and one appender still
 * waiting, which forces what was added meanwhile, never every waiter.
 */
final class GroupCommit {

    private record Waiter(Thread thread, List<MailFolder.Pending> pending) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Folders with entries added and not yet taken by a flush, in the order of their first such entry. */
    private final LinkedHashSet<MailFolder> dirty = new LinkedHashSet<>();
    /** Appenders parked while a flush runs; at most one per appending thread. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private boolean flushRunning;

    /** {@code folder} has an entry that the next flush must cover; called after the folder's lock is released. */
    void added(MailFolder folder) {
        lock.lock();
        try {
            dirty.add(folder);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once every one of {@code mine} is done (durable and visible, or failed): the caller forces the
     * next flush itself when none runs, else waits for the flush that covers its entries.
     */
    void await(List<MailFolder.Pending> mine) {
        Waiter me = null;
        boolean interrupted = false;
        lock.lock();
        try {
            while (!allDone(mine)) {
                if (!flushRunning) {
                    flushRunning = true;
                    List<MailFolder> folders = new ArrayList<>(dirty);
                    dirty.clear();
                    List<MailFolder> heldBack = List.of();
                    lock.unlock();
                    try {
                        heldBack = flush(folders);
                    } finally {
                        lock.lock();
                        flushRunning = false;
                        dirty.addAll(heldBack);
                        wakeNextFlusher();
                    }
                    continue;
                }
                if (me == null) {
                    me = new Waiter(Thread.currentThread(), mine);
                }
                waiters.addLast(me);
                lock.unlock();
                try {
                    LockSupport.park(this);
                    // An interrupt must not turn the wait into a spin: kept, and restored on return.
                    interrupted |= Thread.interrupted();
                } finally {
                    lock.lock();
                    waiters.remove(me);
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Under the lock, no flush running: one waiter whose entries are not done yet forces next. */
    private void wakeNextFlusher() {
        if (dirty.isEmpty()) {
            return;
        }
        for (Waiter w : waiters) {
            if (!allDone(w.pending())) {
                LockSupport.unpark(w.thread());
                return;
            }
        }
    }

    /**
     * Detaches every folder's batch, forces them in order, then publishes them: all, or, on a failure, none.
     * Returns the folders that kept entries back for the next flush.
     */
    private static List<MailFolder> flush(List<MailFolder> folders) {
        List<MailFolder.Batch> batches = new ArrayList<>(folders.size());
        RuntimeException failure = null;
        for (MailFolder folder : folders) {
            MailFolder.Batch batch = folder.detach();
            batches.add(batch);
            if (failure == null) {
                failure = batch.failure();
            }
        }
        if (failure == null) {
            for (MailFolder.Batch batch : batches) {
                if (batch.flush() != null) {
                    try {
                        batch.flush().force();
                    } catch (RuntimeException e) {
                        failure = e;
                        break;
                    }
                }
            }
        }
        List<MailFolder> heldBack = new ArrayList<>(0);
        for (MailFolder.Batch batch : batches) {
            batch.folder().publish(batch.pending(), failure);
            if (batch.heldBack()) {
                heldBack.add(batch.folder());
            }
        }
        return heldBack;
    }

    private static boolean allDone(List<MailFolder.Pending> pending) {
        for (MailFolder.Pending p : pending) {
            if (!p.done) {
                return false;
            }
        }
        return true;
    }
}
