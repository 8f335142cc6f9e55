package dev.o365emulator.server.internal.imap;

/** Arguments that do not fit the command's grammar: the session answers {@code BAD Command Argument Error. 11}. */
final class BadArguments extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadArguments() {
        // Thrown on every malformed command a client sends: no message, no stack trace to fill in.
        super(null, null, false, false);
    }
}
