package dev.o365emulator.cli;

import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.JournalListener;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Prints each transcript line as {@code [#3 imaps] C: a1 CAPABILITY} ({@code --trace}), from a
 * thread of its own.
 *
 * <p>The journal calls it on the connections' event loops, which must never wait for a terminal
 * or a pipe that nobody drains; so lines wait in a queue bounded by {@link #DEFAULT_MAX_PENDING_CHARS}
 * characters, and when the output cannot keep up, newer lines are dropped and their number is
 * printed once it can. What it prints is what the journal holds: secrets are already masked and
 * lines already bounded.
 */
final class TracePrinter implements JournalListener, AutoCloseable {

    /** Characters of lines waiting to be printed before newer ones are dropped (about 2 MB of heap). */
    static final int DEFAULT_MAX_PENDING_CHARS = 1024 * 1024;

    private final PrintWriter out;
    private final int maxPendingChars;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private final Thread writer;
    private long pendingChars;
    private long dropped;
    private boolean closed;

    TracePrinter(PrintWriter out) {
        this(out, DEFAULT_MAX_PENDING_CHARS);
    }

    TracePrinter(PrintWriter out, int maxPendingChars) {
        this.out = out;
        this.maxPendingChars = maxPendingChars;
        this.writer = new Thread(this::writeLoop, "o365-emulator-trace");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void sessionOpened(SessionRecord session) {
        enqueue(session, "*: connection from " + session.remoteAddress().getAddress().getHostAddress() + ":"
                + session.remoteAddress().getPort());
    }

    @Override
    public void lineRecorded(SessionRecord session, TranscriptLine line) {
        enqueue(session, line.toString());
    }

    /** A finding prints as a {@code !} line: {@code ! ERROR auth-before-starttls: advice}. */
    @Override
    public void findingRecorded(SessionRecord session, Finding finding) {
        enqueue(session, finding.toString());
    }

    @Override
    public void sessionClosed(SessionRecord session) {
        enqueue(session, "*: closed");
    }

    /** How many lines were dropped so far because the output could not keep up. */
    synchronized long dropped() {
        return dropped;
    }

    /** Characters waiting to be printed. */
    synchronized long pendingChars() {
        return pendingChars;
    }

    /** Prints what is waiting, then stops the printing thread. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(SessionRecord session, String text) {
        String line = "[#" + session.index() + " " + session.endpoint().id() + "] " + text;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pendingChars + line.length() > maxPendingChars) {
                dropped++;
                return;
            }
            boolean wasEmpty = pending.isEmpty();
            pending.addLast(line);
            pendingChars += line.length();
            if (wasEmpty) {
                notifyAll();
            }
        }
    }

    private void writeLoop() {
        long reportedDrops = 0;
        while (true) {
            ArrayDeque<String> batch;
            long drops;
            synchronized (this) {
                while (pending.isEmpty() && dropped == reportedDrops && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty() && dropped == reportedDrops) {
                    return; // closed and drained
                }
                batch = new ArrayDeque<>(pending);
                pending.clear();
                pendingChars = 0;
                drops = dropped;
            }
            for (String line : batch) {
                out.println(line);
            }
            if (drops > reportedDrops) {
                out.printf(Locale.ROOT, "[trace] %d line(s) not printed: the output could not keep up%n",
                        drops - reportedDrops);
                reportedDrops = drops;
            }
            out.flush();
        }
    }
}
