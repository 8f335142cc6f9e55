package dev.o365emulator.server.internal.store.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The real file system until {@link #failAfter} bytes more were written; then every write fails as a full disk does. */
public final class FailingFiles implements MaildirFiles {
    private final AtomicLong left = new AtomicLong(-1);

    /** Lets {@code bytes} more be written, then fails; -1 never fails. */
    public void failAfter(long bytes) {
        left.set(bytes);
    }

    private void spend(Path file, int bytes) throws IOException {
        if (left.get() < 0) {
            return;
        }
        if (left.addAndGet(-bytes) < 0) {
            left.set(0);
            throw new IOException(file + ": No space left on device");
        }
    }

    @Override
    public void create(Path file, byte[] content) throws IOException {
        spend(file, content.length);
        MaildirFiles.super.create(file, content);
    }

    @Override
    public void append(Path file, byte[] content) throws IOException {
        if (left.get() >= 0 && content.length > left.get()) {
            // A full disk writes what fits and fails on the rest: the half line a store must take back.
            byte[] part = java.util.Arrays.copyOf(content, (int) left.get());
            MaildirFiles.super.append(file, part);
        }
        spend(file, content.length);
        MaildirFiles.super.append(file, content);
    }

    @Override
    public void writeAt(Path file, long position, byte[] content) throws IOException {
        spend(file, content.length);
        MaildirFiles.super.writeAt(file, position, content);
    }
}
