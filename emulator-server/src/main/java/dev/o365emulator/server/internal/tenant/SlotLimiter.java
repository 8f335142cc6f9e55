package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.server.tenant.Addresses;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Counts concurrent holders per mailbox against a limit: SMTP submissions in flight (3 by default)
 * or open IMAP connections (20). The limit is read at each acquisition, so a tenant change applies
 * to the next one.
 */
public final class SlotLimiter {
    private final IntSupplier limit;
    private final ConcurrentHashMap<String, Integer> inUse = new ConcurrentHashMap<>();

    public SlotLimiter(IntSupplier limit) {
        this.limit = limit;
    }

    /** A held slot; closing it (once or more) gives it back. */
    public final class Slot implements AutoCloseable {
        private final String key;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Slot(String key) {
            this.key = key;
        }

        public String mailbox() {
            return key;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                inUse.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    /** Takes a slot for the mailbox, or returns empty when it already holds as many as the limit. */
    public Optional<Slot> tryAcquire(String mailbox) {
        String key = Addresses.normalize(mailbox);
        int max = limit.getAsInt();
        boolean[] granted = new boolean[1];
        inUse.compute(key, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= max) {
                return n;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0] ? Optional.of(new Slot(key)) : Optional.empty();
    }

    /** How many slots the mailbox holds now. */
    public int inUse(String mailbox) {
        return inUse.getOrDefault(Addresses.normalize(mailbox), 0);
    }
}
