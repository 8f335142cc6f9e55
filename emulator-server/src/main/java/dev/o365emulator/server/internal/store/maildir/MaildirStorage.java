package dev.o365emulator.server.internal.store.maildir;

import dev.o365emulator.server.internal.store.MailStorage;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MailboxStorage;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Maildir store's root: one Maildir++ directory per mailbox address ({@link MaildirMailbox}), a lock
 * file that keeps a second emulator out, and {@value #STATE_FILE}, which remembers how far UIDVALIDITY
 * values have been given so that a folder deleted and created again after a restart never gets an old one.
 *
 * <pre>
 * &lt;root&gt;/.o365-emulator.lock          held (flock) while an emulator runs; its pid inside
 * &lt;root&gt;/o365-emulator-store           format and the UIDVALIDITY reserved so far
 * &lt;root&gt;/alex@contoso.com/             INBOX: cur/ new/ tmp/ dovecot-uidlist dovecot-keywords subscriptions
 * &lt;root&gt;/alex@contoso.com/.Sent Items/ a folder: the same, and a maildirfolder marker
 * </pre>
 *
 * <p>Mailboxes are read when first opened, not at start, so a large store starts as fast as an empty one.
 * Message bytes stay on disk; what is in memory is the index (UID, flags, file name: about 250 bytes a
 * message, which is what each stored copy costs the store's budget) and the {@link MessageCache}.
 */
public final class MaildirStorage implements MailStorage {
    static final String LOCK_FILE = ".o365-emulator.lock";
    static final String STATE_FILE = "o365-emulator-store";
    private static final String STATE_HEADER = "o365-emulator maildir store 1";
    /** UIDVALIDITY values reserved on disk at a time, so that a new folder rarely writes the state file. */
    private static final long UID_VALIDITY_BLOCK = 1024;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Logger LOG = LoggerFactory.getLogger(MaildirStorage.class);

    private final Path root;
    private final MaildirOptions options;
    private final MessageCache cache;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Instant startedAt;
    private final boolean created;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong counter = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, MaildirMailbox> opened =
            new java.util.concurrent.ConcurrentHashMap<>();
    private long nextUidValidity;
    private long reservedUidValidity;

    private MaildirStorage(Path root, MaildirOptions options, FileChannel lockChannel, FileLock lock, boolean created,
            long reserved) {
        this.root = root;
        this.options = options;
        this.cache = new MessageCache(options.cacheBytes());
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.created = created;
        this.startedAt = Instant.now();
        this.nextUidValidity = reserved;
        this.reservedUidValidity = reserved;
    }

    /**
     * Opens (creating it if needed) the store in {@code root} and locks it for this process.
     *
     * @throws StoreInUseException when another emulator holds it
     * @throws StorageException when it cannot be created, locked or read
     */
    public static MaildirStorage open(Path root, MaildirOptions options) {
        Path r = root.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            options.files().createDirectories(r);
            channel = FileChannel.open(r.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(r.resolve(LOCK_FILE)), StandardCharsets.US_ASCII).trim();
                channel.close();
                throw new StoreInUseException(r, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            Path state = r.resolve(STATE_FILE);
            boolean created = !Files.exists(state);
            removeInterruptedDeletions(r);
            long reserved = created ? 1 : readReserved(state);
            MaildirStorage s = new MaildirStorage(r, options, channel, lock, created, reserved);
            if (created) {
                s.reserveUidValidities(1);
            }
            return s;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("cannot open the mail store " + r, e);
        }
    }

    /** Deletes what a {@link #clear()} that a crash interrupted left: already gone for clients. */
    private static void removeInterruptedDeletions(Path root) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root, "..deleted-*")) {
            for (Path p : s) {
                deleteTreeQuietly(p);
            }
        }
    }

    private static long readReserved(Path state) throws IOException {
        List<String> lines = Files.readAllLines(state, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith("uidvalidity-reserved ")) {
                try {
                    return Long.parseLong(line.substring("uidvalidity-reserved ".length()).trim());
                } catch (NumberFormatException damaged) {
                    break;
                }
            }
        }
        // Damaged: values from the clock on, plus a margin past what a day of new folders could have used.
        LOG.warn("{}: damaged, new folders get UIDVALIDITY values from the clock on", state);
        return (Instant.now().getEpochSecond() & 0x7FFF_FFFFL) + 100_000;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** The store's directory. */
    public Path root() {
        return root;
    }

    /** Whether this open created the store (its directory held no store before). */
    public boolean created() {
        return created;
    }

    public MaildirOptions options() {
        return options;
    }

    MaildirFiles files() {
        return options.files();
    }

    boolean fsync() {
        return options.fsync();
    }

    MessageCache cache() {
        return cache;
    }

    Instant startedAt() {
        return startedAt;
    }

    long nextCounter() {
        return counter.incrementAndGet();
    }

    /** A new message file base: {@code <seconds>.M<micros>P<pid>Q<n>.o365-emulator,S=<size>}, unique in this store. */
    String newBase(int size) {
        Instant now = Instant.now();
        String micros = Integer.toString(now.getNano() / 1000);
        return new StringBuilder(64).append(now.getEpochSecond()).append(".M").append("000000", micros.length(), 6)
                .append(micros).append('P').append(pid).append('Q').append(counter.incrementAndGet())
                .append(".o365-emulator,S=").append(size).toString();
    }

    /** A UIDVALIDITY for a folder found without a UID list. */
    long newUidValidity() {
        return newUidValidity(Math.max(1, Instant.now().getEpochSecond() & 0x7FFF_FFFFL));
    }

    @Override
    public synchronized long newUidValidity(long candidate) {
        long v = Math.max(candidate, nextUidValidity);
        if (v + 1 > reservedUidValidity) {
            reserveUidValidities(v + 1);
        }
        nextUidValidity = v + 1;
        return v;
    }

    private void reserveUidValidities(long from) {
        long reserved = from + UID_VALIDITY_BLOCK;
        try {
            Durable.replace(root.resolve(STATE_FILE), (STATE_HEADER + "\nuidvalidity-reserved " + reserved + "\n")
                    .getBytes(StandardCharsets.UTF_8), files(), true);
        } catch (IOException e) {
            throw new StorageException("cannot write " + root.resolve(STATE_FILE), e);
        }
        reservedUidValidity = reserved;
    }

    @Override
    public List<String> storedAddresses() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (MaildirNames.isMailboxDirectory(name) && Files.isDirectory(p)) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot list the mailboxes: {}", root, e.toString());
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean holds(String address) {
        return MaildirNames.isMailboxDirectory(address) && Files.isDirectory(root.resolve(address));
    }

    @Override
    public MailboxStorage openMailbox(String address) {
        if (!MaildirNames.isMailboxDirectory(address)) {
            throw new IllegalArgumentException("not a mailbox address for a Maildir store: " + address);
        }
        Path directory = root.resolve(address);
        try {
            if (!Files.isDirectory(directory)) {
                files().createDirectories(directory);
                if (fsync()) {
                    files().force(root);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the mailbox " + directory, e);
        }
        MaildirMailbox mailbox = new MaildirMailbox(this, directory);
        opened.put(address, mailbox);
        return mailbox;
    }

    /** Only the index of a message is in memory: the budget counts its bookkeeping, not its bytes. */
    /** Every change writes files (and, with fsync, waits for the disk). */
    @Override
    public boolean blocks() {
        return true;
    }

    @Override
    public long cost(long bytes, long copies) {
        return copies * MailStore.STORED_COPY_OVERHEAD;
    }

    @Override
    public void clear() {
        for (String address : storedAddresses()) {
            Path trash = root.resolve("..deleted-" + nextCounter());
            try {
                files().move(root.resolve(address), trash);
            } catch (IOException e) {
                LOG.warn("{}: cannot delete the mailbox: {}", root.resolve(address), e.toString());
                continue;
            }
            MaildirMailbox forgotten = opened.remove(address);
            if (forgotten != null) {
                forgotten.detach(trash);
            }
            deleteTree(trash);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.warn("{}: cannot release the lock: {}", root, e.toString());
        }
        closeQuietly(lockChannel);
    }

    /**
     * Deletes an expunged message's file (kept in {@code tmp/} for sessions that hold it) once no one can
     * read it any more: when {@code message} becomes unreachable.
     */
    void deleteWhenUnreachable(StoredMessage message, FolderPlace place, String location) {
        MaildirFiles files = files();
        CLEANER.register(message, () -> {
            try {
                files.delete(place.directory().resolve(location));
            } catch (IOException e) {
                // Left for the next start to clean.
            }
        });
    }

    /** Deletes a directory tree; what cannot be deleted is logged and left. */
    void deleteTree(Path top) {
        deleteTreeQuietly(top);
    }

    private static void deleteTreeQuietly(Path top) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // already deleted
        } catch (IOException e) {
            LOG.warn("{}: cannot delete all of it: {}", top, e.toString());
        }
    }

    @Override
    public String toString() {
        return "MaildirStorage[" + root + (fsync() ? "" : ", fsync off") + "]";
    }
}
