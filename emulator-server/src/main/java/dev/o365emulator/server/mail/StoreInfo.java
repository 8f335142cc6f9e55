package dev.o365emulator.server.mail;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the emulator keeps mail: in memory (lost when it stops), or in a Maildir store on disk, read
 * back at the next start.
 *
 * @param kind memory or Maildir
 * @param root the Maildir store's directory; empty in memory
 * @param fsync whether the Maildir store forces each change to disk before acknowledging it (false in memory)
 */
public record StoreInfo(Kind kind, Optional<Path> root, boolean fsync) {

    /** The two stores. */
    public enum Kind {
        MEMORY, MAILDIR
    }

    public StoreInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(root, "root");
    }

    /** The in-memory store. */
    public static StoreInfo memory() {
        return new StoreInfo(Kind.MEMORY, Optional.empty(), false);
    }
}
