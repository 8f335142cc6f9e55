package dev.o365emulator.server.internal.pop3;

/** The RFC 1939 session states a POP3 session moves through. */
public enum Pop3State {
    /** Greeted; waiting for USER/PASS, AUTH or STLS. */
    AUTHORIZATION,
    /** Logged in, holding the mailbox lock; the maildrop is fixed for the rest of the session. */
    TRANSACTION,
    /** QUIT received in TRANSACTION: deletions are being applied, then the connection closes. */
    UPDATE
}
