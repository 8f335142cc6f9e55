package dev.o365emulator.server.internal.store;

/**
 * A store could not write or read what it keeps on disk: the disk is full, or a file could not be
 * written, renamed or read. Nothing the operation was asked to do was acknowledged as done.
 *
 * <p>Its reason is {@link FolderException.Reason#STORAGE_FULL} for a full disk (or a user's disk quota),
 * which SMTP answers with {@code 452 4.3.1 Insufficient system storage} and IMAP with
 * {@code NO [OVERQUOTA]}, and {@link FolderException.Reason#STORAGE_FAILED} for any other I/O error.
 */
public final class StorageException extends FolderException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, java.io.IOException cause) {
        super(isFull(cause) ? Reason.STORAGE_FULL : Reason.STORAGE_FAILED, message + ": " + describe(cause));
        initCause(cause);
    }

    /** Whether an I/O error says the disk or the user's disk quota is full (ENOSPC, EDQUOT). */
    public static boolean isFull(java.io.IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"));
    }

    /** The file and what went wrong with it, as one line ({@code /x/.lock: permission denied}). */
    private static String describe(java.io.IOException cause) {
        if (cause instanceof java.nio.file.FileSystemException fs && fs.getReason() == null) {
            String what = cause instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : cause instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : cause instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : cause.getClass().getSimpleName();
            return fs.getFile() + ": " + what;
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
