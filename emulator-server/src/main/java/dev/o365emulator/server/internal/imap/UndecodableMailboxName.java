package dev.o365emulator.server.internal.imap;

/**
 * A mailbox name that is not modified UTF-7 (RFC 3501 §5.1.3): it names no folder and cannot name one,
 * so the command fails with {@code NO <CMD> failed.}, as for any folder that does not exist, rather than
 * {@code BAD}: the command's syntax was right.
 */
final class UndecodableMailboxName extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UndecodableMailboxName() {
        super(null, null, false, false);
    }
}
