package dev.o365emulator.server.internal.store.maildir;

import java.nio.file.Path;

/** Another emulator holds the Maildir root: two processes writing one store would corrupt it. */
public final class StoreInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path root;

    StoreInUseException(Path root, String holder) {
        super("the mail store " + root + " is in use by another emulator" + (holder.isBlank() ? "" : " (" + holder
                + ")") + "; stop it, or give this one another --mail-root");
        this.root = root;
    }

    public Path root() {
        return root;
    }
}
