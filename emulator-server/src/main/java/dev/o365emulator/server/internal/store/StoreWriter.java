package dev.o365emulator.server.internal.store;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads on which sessions run the store writes that block (a Maildir delivery forces its file,
 * its rename and its UID line to disk), so that no event loop waits for a disk. Bounded twice: a few
 * threads, and a queue past which {@link #execute} refuses with {@link RejectedExecutionException}, which
 * a session answers with its protocol's transient refusal. A session holds its reading while its write
 * runs, so the queue holds at most one write per connection.
 *
 * <p>The threads are many for two cores on purpose: they wait on the disk, not on the CPU, and the more
 * deliveries to one folder wait for its flush together, the more of them one flush acknowledges (see
 * {@link MailFolder}).
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>threads</td><td>{@value #DEFAULT_THREADS}</td><td>writes wait in the queue</td></tr>
 *   <tr><td>queued writes</td><td>{@value #DEFAULT_MAX_QUEUED}</td><td>refused: the session answers a transient error</td></tr>
 * </table>
 */
public final class StoreWriter implements Executor {
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_MAX_QUEUED = 1024;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    /** A writer with the default limits. */
    public StoreWriter() {
        this(DEFAULT_THREADS, DEFAULT_MAX_QUEUED);
    }

    public StoreWriter(int threads, int maxQueued) {
        if (threads < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("threads and queue must be positive");
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "o365-store-writer-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxQueued),
                factory, new ThreadPoolExecutor.AbortPolicy());
        // An idle emulator (or one of many in-process test emulators) keeps no writer thread alive.
        this.pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code write} on a writer thread.
     *
     * @throws RejectedExecutionException when the queue is full or the writer is closed
     */
    @Override
    public void execute(Runnable write) {
        pool.execute(write);
    }

    /** How many writes wait for a thread. */
    public int queued() {
        return pool.getQueue().size();
    }

    /**
     * Takes no more writes and waits up to {@code wait} for those accepted to finish, so a closing store
     * is not closed under a write; true when all finished.
     */
    public boolean close(Duration wait) {
        pool.shutdown();
        try {
            return pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
