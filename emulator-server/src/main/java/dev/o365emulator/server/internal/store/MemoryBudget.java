package dev.o365emulator.server.internal.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A number of bytes that many threads reserve from and give back, never more than the limit in total:
 * the emulator's guard against holding more mail than its memory allows.
 *
 * <p>Two budgets exist: the store's (every stored copy of every message, see {@link MailStore#budget()})
 * and the bodies in flight (content that SMTP sessions have buffered and not yet stored, see
 * {@link MailDelivery#inFlight()}). Both are the emulator's own resources, not Office 365 settings, so a
 * refusal for either is transient ({@code 452 4.3.1 Insufficient system resources} in SMTP): the
 * sender may try again once memory has been freed.
 *
 * <p>Thread-safe and lock-free; {@link #unlimited()} never refuses.
 */
public final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a budget cannot be negative: " + limit);
        }
        this.limit = limit;
    }

    /** A budget that never refuses (it still counts). */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    /** Reserves {@code bytes} if the total stays within the limit; at the limit exactly is within it. */
    public boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot reserve " + bytes + " bytes");
        }
        while (true) {
            long current = used.get();
            if (bytes > limit - current) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /**
     * Reserves {@code bytes} even past the limit: for what is already stored when a durable store starts,
     * which must be counted but cannot be refused. Later reservations then wait until enough is released.
     */
    public void reserveAnyway(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot reserve " + bytes + " bytes");
        }
        used.addAndGet(bytes);
    }

    /** Gives back bytes reserved before. */
    public void release(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot release " + bytes + " bytes");
        }
        long after = used.addAndGet(-bytes);
        if (after < 0) {
            // A release without its reservation is a bug; the count must not drift below zero.
            used.addAndGet(bytes);
            throw new IllegalStateException("released " + bytes + " bytes more than were reserved");
        }
    }

    /** The most this budget lets be reserved at once. */
    public long limit() {
        return limit;
    }

    /** The bytes reserved now. */
    public long used() {
        return used.get();
    }

    /** The bytes that can still be reserved now. */
    public long available() {
        return Math.max(0, limit - used.get());
    }

    public boolean isUnlimited() {
        return limit == Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "MemoryBudget[" + used.get() + " of " + (isUnlimited() ? "unlimited" : limit) + "]";
    }
}
