package dev.o365emulator.server.internal.store.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Every change the Maildir store makes to its files goes through here, so that a test can stand in for a
 * full disk or a failing one ({@code IOException("No space left on device")}) without a tiny file system,
 * and so does the reading of a message's file (a slow disk). Other reads go to the file system directly.
 * {@link #SYSTEM} is the real one.
 */
public interface MaildirFiles {

    /** The file system itself. */
    MaildirFiles SYSTEM = new MaildirFiles() {
        /** One open for the write and the force: a message's file costs two system calls fewer. */
        @Override
        public void createMessage(Path file, byte[] content, Instant modified, boolean force) throws IOException {
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(c, ByteBuffer.wrap(content));
                setModified(file, modified);
                if (force) {
                    c.force(true);
                }
            }
        }

        @Override
        public void appendAndPatch(Path file, byte[] line, long patchAt, byte[] patch) throws IOException {
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long before = c.size();
                try {
                    writeFullyAt(c, ByteBuffer.wrap(line), before);
                } catch (IOException cutShort) {
                    try {
                        c.truncate(before);
                    } catch (IOException again) {
                        cutShort.addSuppressed(again);
                    }
                    throw cutShort;
                }
                if (patch != null) {
                    writeFullyAt(c, ByteBuffer.wrap(patch), patchAt);
                }
            }
        }
    };

    /** Reads a message's file whole. */
    default byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    /** Creates {@code file}, which must not exist, with {@code content}; not yet forced to disk. */
    default void create(Path file, byte[] content) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(c, ByteBuffer.wrap(content));
        }
    }

    /**
     * Creates a message's {@code file}, which must not exist, with {@code content} and the modification time
     * {@code modified} (its received date), forced to disk when {@code force} says so. The default goes
     * through {@link #create}, {@link #setModified} and {@link #force}, so a test's disk that stands in for
     * those sees every message file; {@link #SYSTEM} does it with one open.
     */
    default void createMessage(Path file, byte[] content, Instant modified, boolean force) throws IOException {
        create(file, content);
        setModified(file, modified);
        if (force) {
            force(file);
        }
    }

    /** Appends {@code content} to {@code file}, creating it if needed. */
    default void append(Path file, byte[] content) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            writeFully(c, ByteBuffer.wrap(content));
        }
    }

    /**
     * Appends {@code line} to the existing {@code file}, then overwrites it with {@code patch} at
     * {@code patchAt} unless {@code patch} is null (a UID list's new line, then its header's next UID). An
     * append the disk cut short is taken back (truncating needs no space), so no half line runs into the
     * next one; the patch is then not written. The default goes through {@link #append}, {@link #truncate}
     * and {@link #writeAt}, so a test's disk that stands in for those sees each; {@link #SYSTEM} opens the
     * file once.
     */
    default void appendAndPatch(Path file, byte[] line, long patchAt, byte[] patch) throws IOException {
        long before = Files.size(file);
        try {
            append(file, line);
        } catch (IOException cutShort) {
            try {
                truncate(file, before);
            } catch (IOException again) {
                cutShort.addSuppressed(again);
            }
            throw cutShort;
        }
        if (patch != null) {
            writeAt(file, patchAt, patch);
        }
    }

    /** Overwrites bytes of an existing file at {@code position}. */
    default void writeAt(Path file, long position, byte[] content) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            long p = position;
            while (b.hasRemaining()) {
                p += c.write(b, p);
            }
        }
    }

    /** Cuts a file back to {@code size} bytes: undoes an append that a full disk cut short. */
    default void truncate(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }

    /** Forces a file's or a directory's content and metadata to disk (fsync). */
    default void force(Path fileOrDirectory) throws IOException {
        boolean directory = Files.isDirectory(fileOrDirectory);
        try (FileChannel c = FileChannel.open(fileOrDirectory,
                directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    /** Makes {@code link} a second name of {@code existing}; copies it where hard links are not supported. */
    default void link(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            if (!Files.exists(existing)) {
                throw noLinks instanceof IOException io ? io : new IOException(noLinks);
            }
            create(link, Files.readAllBytes(existing));
            setModified(link, Files.getLastModifiedTime(existing).toInstant());
            force(link);
        }
    }

    /** Renames atomically, replacing the target where it exists (rename(2)). */
    default void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    default void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    default void createDirectories(Path directory) throws IOException {
        Files.createDirectories(directory);
    }

    /** Sets the modification time, which is the message's received date (INTERNALDATE), as Dovecot reads it. */
    default void setModified(Path file, Instant time) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(time));
    }

    private static void writeFullyAt(FileChannel c, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += c.write(b, p);
        }
    }

    private static void writeFully(FileChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }
}
