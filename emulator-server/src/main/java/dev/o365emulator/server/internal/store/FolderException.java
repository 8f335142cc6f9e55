package dev.o365emulator.server.internal.store;

/** A folder operation that cannot be done, with a reason a session maps to its protocol's reply. */
public final class FolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a folder operation failed. */
    public enum Reason {
        NOT_FOUND, ALREADY_EXISTS, INVALID_NAME, DEFAULT_FOLDER, FOLDER_FULL, DELETED, TOO_MANY_KEYWORDS,
        /** The mailbox would pass its quota (ProhibitSendReceiveQuota): permanent until mail is deleted. */
        QUOTA_EXCEEDED,
        /** The emulator's store budget has no room: its own resource, so transient. */
        STORE_FULL
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
