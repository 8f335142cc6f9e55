package dev.o365emulator.server.internal.imap;

/** The RFC 3501 connection states an IMAP session moves through. */
public enum ImapState {
    NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT
}
