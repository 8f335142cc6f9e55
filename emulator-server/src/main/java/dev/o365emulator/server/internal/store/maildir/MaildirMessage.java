package dev.o365emulator.server.internal.store.maildir;

import dev.o365emulator.server.internal.store.MessageSource;
import dev.o365emulator.server.internal.store.MessageStructure;
import dev.o365emulator.server.internal.store.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message file of a Maildir folder, read when its bytes are asked for (through the store's
 * {@link MessageCache}). Its file is renamed when its flags change, when its folder is renamed, and into
 * {@code tmp/} when it is expunged while a reader may still hold it; a read that races a rename looks
 * again.
 */
final class MaildirMessage implements MessageSource {
    private static final Logger LOG = LoggerFactory.getLogger(MaildirMessage.class);
    private static final int READ_ATTEMPTS = 3;

    private final FolderPlace place;
    private final String base;
    private final int size;
    private final MessageCache cache;
    private final MaildirFiles files;
    /** {@code new/<name>}, {@code cur/<name>} or {@code tmp/<name>}, within the folder's directory. */
    private volatile String location;
    private volatile Instant internalDate;

    MaildirMessage(FolderPlace place, String location, String base, int size, Instant internalDate,
            MessageCache cache, MaildirFiles files) {
        this.place = place;
        this.location = location;
        this.base = base;
        this.size = size;
        this.internalDate = internalDate;
        this.cache = cache;
        this.files = files;
    }

    String base() {
        return base;
    }

    String location() {
        return location;
    }

    void location(String location) {
        this.location = location;
    }

    FolderPlace place() {
        return place;
    }

    /** The file now. */
    Path path() {
        return place.directory().resolve(location);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Instant internalDate() {
        Instant d = internalDate;
        if (d == null) {
            try {
                d = Files.getLastModifiedTime(path()).toInstant();
            } catch (IOException e) {
                // The file went (expunged, or removed by another tool): its date is not worth an error.
                d = Instant.EPOCH;
            }
            internalDate = d;
        }
        return d;
    }

    @Override
    public byte[] bytes() {
        byte[] cached = cache.bytes.get(this);
        if (cached != null) {
            return cached;
        }
        byte[] read = read();
        if (read.length != size) {
            LOG.warn("{}: {} bytes, its name says {}; serving what is there", path(), read.length, size);
        }
        cache.bytes.put(this, read);
        return read;
    }

    private byte[] read() {
        for (int attempt = 1; ; attempt++) {
            Path directory = place.directory();
            String at = location;
            Path file = directory.resolve(at);
            try {
                return files.read(file);
            } catch (NoSuchFileException gone) {
                boolean moved = directory != place.directory() || !Objects.equals(at, location);
                if (!moved || attempt >= READ_ATTEMPTS) {
                    LOG.warn("{}: message file missing", file);
                    throw new StorageException("cannot read " + file, gone);
                }
            } catch (IOException e) {
                LOG.warn("{}: cannot read the message file: {}", file, e.toString());
                throw new StorageException("cannot read " + file, e);
            }
        }
    }

    @Override
    public boolean wouldRead(boolean structureOnly) {
        return !(structureOnly && cache.structures.get(this) != null) && cache.bytes.get(this) == null;
    }

    @Override
    public MessageStructure structure() {
        MessageStructure s = cache.structures.get(this);
        if (s == null) {
            s = dev.o365emulator.server.internal.store.StoredMessage.parse(bytes());
            cache.structures.put(this, s);
        }
        return s;
    }

    @Override
    public String toString() {
        return "MaildirMessage[" + path() + "]";
    }
}
