package dev.o365emulator.server.internal.console;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the console's routes, so that reading the store, parsing messages, switching
 * a scenario (which may bind a listener) or serialising a large list never runs on an event loop the
 * protocol sessions share. Two threads and a bounded queue: past it a request gets a 503.
 */
final class ConsoleWorkers implements AutoCloseable {

    /** Threads: the console is a control plane, two keep one slow request from holding up the others. */
    static final int THREADS = 2;
    /** Requests waiting at most; one per connection at a time, so this is never reached below that many. */
    static final int QUEUE = ConsoleServer.MAX_CONNECTIONS;

    private final Executor executor;

    /** Runs work on {@code executor} instead of the console's threads: tests run it in place. */
    ConsoleWorkers(Executor executor) {
        this.executor = executor;
    }

    ConsoleWorkers() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "o365-console-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), threads, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        executor = pool;
    }

    /** Runs {@code work} on a worker; false when the queue is full (the caller answers 503). */
    boolean submit(Runnable work) {
        try {
            executor.execute(work);
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    /** Stops taking work; what runs finishes (its response goes nowhere once the channels are closed). */
    @Override
    public void close() {
        if (executor instanceof ThreadPoolExecutor pool) {
            pool.shutdownNow();
        }
    }
}
