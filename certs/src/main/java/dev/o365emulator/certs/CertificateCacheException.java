package dev.o365emulator.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A certificate cache that cannot be used as it is, with the one file (or directory) at fault and
 * what is wrong with it, in a message of one line meant for the user.
 *
 * <p>The cache never replaces a file a user may have trusted without saying so: a damaged file stops
 * the start with this exception rather than being overwritten. What to do about it is the caller's
 * to say (the CLI's {@code --regenerate-certs}, {@link CertificateOptions#withRegenerate}).
 */
public final class CertificateCacheException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Problem {
        /** The file is there but does not hold what it should (garbage, truncated, a key that does not match). */
        DAMAGED,
        /** The file is sound but made for other options (another key algorithm). */
        MISMATCHED,
        /** The directory or file cannot be read or written (permissions, a read-only file system). */
        UNUSABLE
    }

    private final Problem problem;
    private final transient Path file;

    /**
     * @param message one line naming {@code file} and the problem, without a remedy
     * @param cause what went wrong underneath, kept for debugging (never printed by the CLI)
     */
    public CertificateCacheException(Problem problem, Path file, String message, Throwable cause) {
        super(message, cause instanceof IOException io ? io : new IOException(message, cause));
        this.problem = Objects.requireNonNull(problem);
        this.file = Objects.requireNonNull(file);
    }

    /** What is wrong. */
    public Problem problem() {
        return problem;
    }

    /** The file or directory at fault. */
    public Path file() {
        return file;
    }
}
