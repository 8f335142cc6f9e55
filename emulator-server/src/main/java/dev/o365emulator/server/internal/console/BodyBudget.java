package dev.o365emulator.server.internal.console;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the console holds at once, every connection together: each body is
 * bounded by its route, and this bounds how many large uploads may be in memory at the same time.
 */
final class BodyBudget {

    /** Enough for four uploads of Office 365's default MaxReceiveSize (36 MiB) at once. */
    static final long DEFAULT_LIMIT = 4 * 36L * 1024 * 1024;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    BodyBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} from the budget if they fit; a body smaller than the route default always fits. */
    boolean reserve(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        while (true) {
            long now = used.get();
            if (now + bytes > limit && bytes > Route.DEFAULT_BODY_LIMIT) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #reserve} took. */
    void release(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    /** Bytes reserved now. */
    long used() {
        return used.get();
    }
}
