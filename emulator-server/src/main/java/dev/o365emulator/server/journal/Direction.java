package dev.o365emulator.server.journal;

/** Who a transcript line came from. */
public enum Direction {
    /** Sent by the client ({@code C:}). */
    CLIENT("C"),
    /** Sent by the emulator ({@code S:}). */
    SERVER("S"),
    /** Something that happened on the connection without being a protocol line ({@code *:}), e.g. a TLS handshake. */
    EVENT("*");

    private final String prefix;

    Direction(String prefix) {
        this.prefix = prefix;
    }

    /** {@code C}, {@code S} or {@code *}, as transcripts print it. */
    public String prefix() {
        return prefix;
    }
}
