package dev.o365emulator.server.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder's listeners and the changes waiting to reach them: queued under the folder's lock, delivered
 * after it is released, in the order the changes were made (see {@link FolderListener}).
 */
final class FolderEvents {
    private static final Logger LOG = LoggerFactory.getLogger(FolderEvents.class);

    private volatile List<FolderListener> listeners = List.of();
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Called under the folder's lock. */
    void add(FolderListener listener) {
        List<FolderListener> next = new ArrayList<>(listeners);
        next.add(listener);
        listeners = List.copyOf(next);
    }

    /** Called under the folder's lock. */
    void remove(FolderListener listener) {
        List<FolderListener> next = new ArrayList<>(listeners);
        next.remove(listener);
        listeners = List.copyOf(next);
    }

    /**
     * Queues a change; called under the folder's lock. Capturing the listener list here means a listener
     * that subscribed after this change (and whose snapshot already shows it) never hears of it.
     */
    void enqueue(MailFolder folder, Consumer<FolderListener> event) {
        List<FolderListener> targets = listeners;
        if (targets.isEmpty()) {
            return;
        }
        pending.add(() -> {
            for (FolderListener l : targets) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("folder listener {} failed on {}", l, folder.name(), e);
                }
            }
        });
    }

    /**
     * Delivers what is queued; called without the lock. One thread at a time delivers, in queue order; a
     * thread that finds another one delivering leaves its events to it.
     */
    void drain() {
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
}
