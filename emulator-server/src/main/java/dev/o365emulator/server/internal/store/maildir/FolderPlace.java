package dev.o365emulator.server.internal.store.maildir;

import java.nio.file.Path;

/** Where a folder's directory is now: it changes when the folder is renamed, and its messages follow. */
final class FolderPlace {
    private volatile Path directory;

    FolderPlace(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    void moveTo(Path directory) {
        this.directory = directory;
    }
}
