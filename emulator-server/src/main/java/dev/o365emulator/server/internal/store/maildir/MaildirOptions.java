package dev.o365emulator.server.internal.store.maildir;

import java.util.Objects;

/**
 * How a Maildir store writes: {@code fsync} forces every message, rename and UID list to disk before a
 * change is acknowledged (off, a kill still loses nothing written, only a machine crash can);
 * {@code cacheBytes} bounds the message bytes kept in memory ({@link MessageCache}); {@code files} is the
 * file layer (a test's stand-in for a full disk).
 */
public record MaildirOptions(boolean fsync, long cacheBytes, MaildirFiles files) {

    public MaildirOptions {
        Objects.requireNonNull(files);
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cacheBytes cannot be negative");
        }
    }

    /** fsync on, the default cache, the real file system. */
    public static MaildirOptions defaults() {
        return new MaildirOptions(true, MessageCache.defaultLimit(), MaildirFiles.SYSTEM);
    }

    public MaildirOptions withFsync(boolean fsync) {
        return new MaildirOptions(fsync, cacheBytes, files);
    }

    public MaildirOptions withFiles(MaildirFiles files) {
        return new MaildirOptions(fsync, cacheBytes, files);
    }

    public MaildirOptions withCacheBytes(long cacheBytes) {
        return new MaildirOptions(fsync, cacheBytes, files);
    }
}
