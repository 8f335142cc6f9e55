package dev.o365emulator.server.internal.store;

/**
 * A folder operation that cannot be done, with a reason a session maps to its protocol's reply.
 * {@link StorageException} is the one for a store that could not write or read its files.
 */
public class FolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a folder operation failed. */
    public enum Reason {
        NOT_FOUND, ALREADY_EXISTS, INVALID_NAME, DEFAULT_FOLDER, FOLDER_FULL, DELETED, TOO_MANY_KEYWORDS,
        /** The mailbox would pass its quota (ProhibitSendReceiveQuota): permanent until mail is deleted. */
        QUOTA_EXCEEDED,
        /** The emulator's store budget has no room: its own resource, so transient. */
        STORE_FULL,
        /** The disk under a durable store is full: nothing was written, and a retry may succeed later. */
        STORAGE_FULL,
        /** A durable store could not write, rename or read a file (other than a full disk). */
        STORAGE_FAILED
    }

    private final Reason reason;

    public FolderException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
