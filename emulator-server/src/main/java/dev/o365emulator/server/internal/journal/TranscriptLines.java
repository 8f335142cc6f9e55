package dev.o365emulator.server.internal.journal;

import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.journal.TranscriptLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one transcript, oldest first, in three parallel arrays used as a ring: each line's time
 * as nanoseconds after the session's start, its direction, its text.
 *
 * <p>Why not a deque of {@link TranscriptLine}s: an idle connection keeps its fifteen-odd lines for as
 * long as it stays open, and a line object, its {@link Instant} and the deque's slot cost 52 bytes
 * besides the text; here a line costs 13. The {@link TranscriptLine}s are made when the transcript is
 * read. Not thread-safe: its {@link SessionRecord} guards it.
 */
final class TranscriptLines {

    /** The capacity of the first arrays: enough for a short SMTP or POP3 session without growing. */
    private static final int INITIAL_CAPACITY = 8;
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] NO_NANOS = {};
    private static final byte[] NO_DIRECTIONS = {};
    private static final String[] NO_TEXTS = {};

    private final Instant start;
    private long[] nanos = NO_NANOS;
    private byte[] directions = NO_DIRECTIONS;
    private String[] texts = NO_TEXTS;
    /** Where the oldest line is. */
    private int head;
    private int size;

    /** Lines whose times are kept relative to {@code start}, the session's start. */
    TranscriptLines(Instant start) {
        this.start = start;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Appends a line recorded at {@code time}. */
    void add(Instant time, Direction direction, String text) {
        if (size == texts.length) {
            grow();
        }
        int i = slot(size);
        // Exact for any session shorter than 292 years, whichever way a test's clock moves.
        nanos[i] = (time.getEpochSecond() - start.getEpochSecond()) * NANOS_PER_SECOND + time.getNano() - start.getNano();
        directions[i] = (byte) direction.ordinal();
        texts[i] = text;
        size++;
    }

    /** Drops the oldest line and returns its text; there must be one. */
    String removeFirst() {
        String text = texts[head];
        texts[head] = null;
        head = (head + 1) % texts.length;
        size--;
        return text;
    }

    /** Drops every line and gives the arrays back. */
    void clear() {
        nanos = NO_NANOS;
        directions = NO_DIRECTIONS;
        texts = NO_TEXTS;
        head = 0;
        size = 0;
    }

    /** The lines as {@link TranscriptLine}s, oldest first. */
    List<TranscriptLine> toList() {
        List<TranscriptLine> out = new ArrayList<>(size);
        for (int n = 0; n < size; n++) {
            int i = slot(n);
            out.add(new TranscriptLine(start.plusNanos(nanos[i]), DIRECTIONS[directions[i]], texts[i]));
        }
        return out;
    }

    private int slot(int n) {
        int i = head + n;
        return i < texts.length ? i : i - texts.length;
    }

    /** Half as large again (a transcript grows a little after its session settles: an IDLE's updates). */
    private void grow() {
        int capacity = Math.max(INITIAL_CAPACITY, texts.length + (texts.length >> 1));
        long[] newNanos = new long[capacity];
        byte[] newDirections = new byte[capacity];
        String[] newTexts = new String[capacity];
        for (int n = 0; n < size; n++) {
            int i = slot(n);
            newNanos[n] = nanos[i];
            newDirections[n] = directions[i];
            newTexts[n] = texts[i];
        }
        nanos = newNanos;
        directions = newDirections;
        texts = newTexts;
        head = 0;
    }
}
