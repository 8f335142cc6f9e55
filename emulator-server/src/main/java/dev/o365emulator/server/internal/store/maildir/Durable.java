package dev.o365emulator.server.internal.store.maildir;

import java.io.IOException;
import java.nio.file.Path;

/** Replacing a small file whole so that a crash leaves either the old content or the new, never a mix. */
final class Durable {
    private Durable() {
    }

    /** Writes {@code file.tmp}, forces it, renames it over {@code file} and forces the directory. */
    static void replace(Path file, byte[] content, MaildirFiles files, boolean fsync) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        files.delete(tmp);
        files.create(tmp, content);
        if (fsync) {
            files.force(tmp);
        }
        files.move(tmp, file);
        if (fsync) {
            files.force(file.getParent());
        }
    }
}
