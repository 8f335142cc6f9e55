package dev.o365emulator.server.journal;

/** How bad a client-behaviour {@link Finding} is. */
public enum Severity {
    /** Will fail against Office 365. */
    ERROR,
    /** Works today, but is fragile or will stop working. */
    WARNING,
    /** Worth knowing; nothing fails because of it. */
    INFO;

    /** Whether this severity is at least as bad as {@code other} ({@link #ERROR} is the worst). */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }
}
