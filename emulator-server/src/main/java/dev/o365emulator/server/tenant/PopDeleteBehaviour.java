package dev.o365emulator.server.tenant;

/** What a POP3 {@code DELE} followed by {@code QUIT} does to the Inbox. */
public enum PopDeleteBehaviour {
    /** The message is removed from the mailbox (the default). */
    DELETE,
    /** The message stays on the server, as with a client's "leave a copy on the server". */
    KEEP_COPY
}
