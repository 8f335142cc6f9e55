package dev.o365emulator.server.journal;

import java.time.Instant;
import java.util.Objects;

/** One line of a session transcript; secrets in it are already masked. */
public record TranscriptLine(Instant time, Direction direction, String text) {

    public TranscriptLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(text, "text");
    }

    /** The line as transcript files write it: {@code C: EHLO client.example}. */
    @Override
    public String toString() {
        return direction.prefix() + ": " + text;
    }
}
