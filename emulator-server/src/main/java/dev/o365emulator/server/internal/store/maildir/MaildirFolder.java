package dev.o365emulator.server.internal.store.maildir;

import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderStorage;
import dev.o365emulator.server.internal.store.MailboxStorage;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Maildir folder: {@code cur/}, {@code new/} and {@code tmp/}, its {@link UidList} and its
 * {@link KeywordTable}.
 *
 * <p>A new message is written to {@code tmp/} and forced to disk ({@link #prepare}, outside the folder's
 * lock), then renamed into {@code new/} (no flags) or {@code cur/<base>:2,<flags>}, and its UID line is
 * appended; {@link #sync()} (or the flush {@link #detachSync()} returns, outside the lock, once for the renames
 * of every delivery waiting) forces the directories and the UID list before the store acknowledges it. A copy of another folder's message is a hard link to the
 * same file. A flag change renames the file; an expunge renames it into {@code tmp/}, where it stays
 * readable for sessions that still hold the message and is deleted once none does (or at the next start).
 * Called by its {@code MailFolder} under the folder's lock, but for {@link #prepare} and a detached flush.
 */
final class MaildirFolder implements FolderStorage {
    private static final Logger LOG = LoggerFactory.getLogger(MaildirFolder.class);

    private final MaildirStorage store;
    private final FolderPlace place;
    private UidList uids;
    private KeywordTable keywords;
    private final Set<Path> unsynced = new LinkedHashSet<>();

    private MaildirFolder(MaildirStorage store, FolderPlace place) {
        this.store = store;
        this.place = place;
    }

    FolderPlace place() {
        return place;
    }

    /**
     * A new, empty folder in {@code directory}, which exists with its three sub-directories. It is forced
     * to disk with its first message ({@link #sync()}): until then a crash can only lose an empty folder,
     * and a new mailbox's thirteen folders cost no fsync each.
     */
    static MaildirFolder create(MaildirStorage store, Path directory, long uidValidity) throws IOException {
        MaildirFolder f = new MaildirFolder(store, new FolderPlace(directory));
        f.keywords = new KeywordTable();
        f.uids = UidList.fresh(uidValidity);
        f.uids.rewrite(directory, Map.of(), 1, store.files(), false);
        f.unsynced.add(directory.resolve(UidList.FILE));
        f.unsynced.add(directory);
        f.unsynced.add(directory.getParent());
        return f;
    }

    /**
     * Reads a folder: its UID list, then the names in {@code cur/} and {@code new/} (no file is opened).
     * Files the list does not know (put there by another tool) get new UIDs after the known ones; lines
     * of files that are gone are dropped; files in {@code tmp/} from before this start are deleted. The
     * list is rewritten when any of that changed it.
     */
    static MailboxStorage.LoadedFolder load(MaildirStorage store, String name, Path directory) throws IOException {
        MaildirFolder f = new MaildirFolder(store, new FolderPlace(directory));
        MaildirFiles files = store.files();
        for (String sub : List.of("cur", "new", "tmp")) {
            files.createDirectories(directory.resolve(sub));
        }
        f.keywords = KeywordTable.load(directory);
        f.uids = UidList.read(directory).orElseGet(() -> UidList.fresh(store.newUidValidity()));
        f.cleanTmp(directory.resolve("tmp"));

        Map<String, String> found = new HashMap<>();
        for (String sub : List.of("cur", "new")) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(directory.resolve(sub))) {
                for (Path p : s) {
                    String fileName = p.getFileName().toString();
                    if (fileName.startsWith(".")) {
                        continue;
                    }
                    String base = MaildirFlags.base(fileName);
                    String previous = found.putIfAbsent(base, sub + "/" + fileName);
                    if (previous != null) {
                        LOG.warn("{}: a second file for {}, ignored", p, previous);
                    }
                }
            }
        }
        Map<String, Long> records = f.uids.records();
        int listed = records.size();
        Map<String, Flags> flagsOfInfo = new HashMap<>();
        List<MailboxStorage.LoadedMessage> messages = new ArrayList<>(found.size());
        // The list is in UID order as written; the files it names come first, in that order.
        boolean ascending = true;
        long last = 0;
        for (Map.Entry<String, Long> r : records.entrySet()) {
            String location = found.remove(r.getKey());
            if (location != null && f.add(messages, r.getKey(), location, r.getValue(), flagsOfInfo)) {
                ascending &= r.getValue() > last;
                last = r.getValue();
            }
        }
        int known = messages.size();
        List<String> unknown = new ArrayList<>(found.keySet());
        unknown.sort(null);
        long next = f.uids.uidNext();
        long firstNew = next;
        for (String base : unknown) {
            if (f.add(messages, base, found.get(base), next, flagsOfInfo)) {
                next++;
            }
        }
        if (!ascending) {
            messages.sort(Comparator.comparingLong(MailboxStorage.LoadedMessage::uid));
        }
        if (next > firstNew) {
            LOG.info("{}: {} message file(s) new to the emulator, given UIDs from {}", directory, next - firstNew,
                    firstNew);
        }
        if (f.keywords.hasOverflow()) {
            Set<String> live = new java.util.HashSet<>();
            for (MailboxStorage.LoadedMessage m : messages) {
                live.add(((MaildirMessage) m.message().source()).base());
            }
            if (!f.keywords.forgetOverflowNotIn(live)) {
                f.keywords.rewriteOverflow(directory, files, store.fsync());
            }
        }
        if (f.uids.rewriteNeeded() || next > firstNew || listed != known) {
            Map<String, Long> kept = new LinkedHashMap<>();
            for (MailboxStorage.LoadedMessage m : messages) {
                kept.put(((MaildirMessage) m.message().source()).base(), m.uid());
            }
            f.uids.rewrite(directory, kept, next, files, store.fsync());
        }
        records.clear();
        return new MailboxStorage.LoadedFolder(name, f.uids.uidValidity(), f.uids.uidNext(), messages, f);
    }

    /** Adds one file found at load as {@code uid}; false when it cannot be read and is skipped. */
    private boolean add(List<MailboxStorage.LoadedMessage> messages, String base, String location, long uid,
            Map<String, Flags> flagsOfInfo) {
        Path directory = place.directory();
        long size = MaildirFlags.statedSize(base);
        if (size < 0) {
            try {
                size = Files.readAttributes(directory.resolve(location), BasicFileAttributes.class).size();
            } catch (IOException unreadable) {
                LOG.warn("{}: cannot read, skipped: {}", directory.resolve(location), unreadable.toString());
                return false;
            }
        }
        if (size > Integer.MAX_VALUE) {
            LOG.warn("{}: larger than a message can be, skipped", directory.resolve(location));
            return false;
        }
        String info = MaildirFlags.infoOf(location);
        Flags flags = flagsOfInfo.computeIfAbsent(info == null ? "" : info, i -> MaildirFlags.parse(i, keywords));
        Set<String> extra = keywords.overflowOf(base);
        if (!extra.isEmpty()) {
            try {
                flags = flags.plus(Flags.of(List.copyOf(extra)));
            } catch (IllegalArgumentException tooMany) {
                LOG.warn("{}: more keywords than a message may have, some dropped", directory.resolve(location));
            }
        }
        MaildirMessage m = new MaildirMessage(place, location, base, (int) size, null, store.cache(), store.files());
        messages.add(new MailboxStorage.LoadedMessage(uid, flags, new StoredMessage(m)));
        return true;
    }

    /** Deletes what a previous run left in {@code tmp/}: writes cut short, expunged files kept for readers. */
    private void cleanTmp(Path tmp) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp)) {
            for (Path p : s) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(store.startedAt())
                            || p.getFileName().toString().endsWith(EXPUNGED)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    LOG.warn("{}: cannot delete a stray file: {}", p, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot clean: {}", tmp, e.toString());
        }
    }

    private static final String EXPUNGED = ".expunged";

    private Path directory() {
        return place.directory();
    }

    private static String location(String base, Flags flags, KeywordTable keywords) {
        return flags.equals(Flags.NONE) ? "new/" + base : "cur/" + base + MaildirFlags.INFO + MaildirFlags.info(flags, keywords);
    }

    /**
     * Writes the message's file in {@code tmp/} and forces it, outside the folder's lock: the slow part of
     * an append, which concurrent appends overlap in (the file system's journal combines their forces). A
     * message of this store already in a file is left as it is: {@link #add} links it.
     */
    @Override
    public StoredMessage prepare(StoredMessage message) {
        if (message.source() instanceof MaildirMessage m && m.place().directory().startsWith(store.root())) {
            return message;
        }
        MaildirFiles files = store.files();
        String base = store.newBase(message.size());
        Path tmp = directory().resolve("tmp").resolve(base);
        try {
            files.createMessage(tmp, message.source().bytes(), message.internalDate(), store.fsync());
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new StorageException("cannot store a message in " + directory(), e);
        }
        return new StoredMessage(new MaildirMessage(place, "tmp/" + base, base, message.size(), message.internalDate(),
                store.cache(), store.files()), message.submittedBy());
    }

    @Override
    public void discard(StoredMessage prepared) {
        if (isPrepared(prepared)) {
            deleteQuietly(directory().resolve(((MaildirMessage) prepared.source()).location()));
        }
    }

    /** Whether {@code message} is a file {@link #prepare} wrote in this folder's {@code tmp/}. */
    private boolean isPrepared(StoredMessage message) {
        return message.source() instanceof MaildirMessage m && m.place() == place && m.location().startsWith("tmp/")
                && !m.location().endsWith(EXPUNGED);
    }

    @Override
    public StoredMessage add(StoredMessage message, long uid, Flags flags) {
        Path directory = directory();
        MaildirFiles files = store.files();
        boolean prepared = isPrepared(message);
        String base = prepared ? ((MaildirMessage) message.source()).base() : store.newBase(message.size());
        Path tmp = directory.resolve("tmp").resolve(base);
        Path target = null;
        try {
            keywords.assign(flags.keywords(), directory, files, store.fsync());
            String location = location(base, flags, keywords);
            target = directory.resolve(location);
            if (prepared) {
                files.move(tmp, target);
            } else if (!linked(message, target)) {
                files.createMessage(tmp, message.source().bytes(), message.internalDate(), store.fsync());
                files.move(tmp, target);
            }
            Path overflow = keywords.setOverflow(base, keywords.withoutLetter(flags.keywords()), directory, files,
                    store.fsync());
            if (overflow != null) {
                unsynced.add(overflow);
            }
            uids.append(directory, uid, base, files);
            unsynced.add(target.getParent());
            unsynced.add(directory.resolve(UidList.FILE));
            return new StoredMessage(new MaildirMessage(place, location, base, message.size(), message.internalDate(),
                    store.cache(), store.files()), message.submittedBy());
        } catch (IOException e) {
            deleteQuietly(tmp);
            if (target != null) {
                deleteQuietly(target);
            }
            throw new StorageException("cannot store a message in " + directory, e);
        }
    }

    /** Links another folder's file of this store as {@code target}; false when the message has no such file. */
    private boolean linked(StoredMessage message, Path target) throws IOException {
        if (!(message.source() instanceof MaildirMessage m) || !m.place().directory().startsWith(store.root())) {
            return false;
        }
        try {
            store.files().link(m.path(), target);
            return true;
        } catch (NoSuchFileException renamedMeanwhile) {
            // Its flags changed or its folder moved since: its bytes are still readable, write them anew.
            return false;
        }
    }

    @Override
    public void changeFlags(StoredMessage message, long uid, Flags before, Flags after) {
        if (!(message.source() instanceof MaildirMessage m)) {
            return;
        }
        Path directory = directory();
        MaildirFiles files = store.files();
        try {
            keywords.assign(after.keywords(), directory, files, store.fsync());
            String now = m.location();
            // A message once in cur/ stays there, with an empty info when its last flag goes (Maildir's rule).
            String next = after.equals(Flags.NONE) && now.startsWith("new/") ? now
                    : "cur/" + m.base() + MaildirFlags.INFO + MaildirFlags.info(after, keywords);
            if (!next.equals(now)) {
                files.move(directory.resolve(now), directory.resolve(next));
                m.location(next);
                unsynced.add(directory.resolve(now).getParent());
                unsynced.add(directory.resolve(next).getParent());
            }
            Path overflow = keywords.setOverflow(m.base(), keywords.withoutLetter(after.keywords()), directory, files,
                    store.fsync());
            if (overflow != null) {
                unsynced.add(overflow);
            }
        } catch (IOException e) {
            throw new StorageException("cannot change the flags of UID " + uid + " in " + directory, e);
        }
    }

    @Override
    public void remove(StoredMessage message, long uid) {
        if (!(message.source() instanceof MaildirMessage m)) {
            return;
        }
        Path directory = directory();
        String now = m.location();
        String kept = "tmp/" + m.base() + EXPUNGED;
        try {
            store.files().move(directory.resolve(now), directory.resolve(kept));
            m.location(kept);
            unsynced.add(directory.resolve(now).getParent());
            store.deleteWhenUnreachable(message, place, kept);
            Path overflow = keywords.setOverflow(m.base(), Set.of(), directory, store.files(), store.fsync());
            if (overflow != null) {
                unsynced.add(overflow);
            }
        } catch (NoSuchFileException alreadyGone) {
            LOG.warn("{}: already gone", directory.resolve(now));
        } catch (IOException e) {
            throw new StorageException("cannot remove UID " + uid + " from " + directory, e);
        }
    }

    /** The directories and files that {@link #sync()} would force, detached to be forced outside the lock. */
    @Override
    public Flush detachSync() {
        if (unsynced.isEmpty()) {
            return null;
        }
        List<Path> paths = new ArrayList<>(unsynced);
        unsynced.clear();
        if (!store.fsync()) {
            return null;
        }
        return () -> force(paths);
    }

    @Override
    public void sync() {
        if (unsynced.isEmpty()) {
            return;
        }
        List<Path> paths = new ArrayList<>(unsynced);
        unsynced.clear();
        if (store.fsync()) {
            force(paths);
        }
    }

    private void force(List<Path> paths) {
        for (Path p : paths) {
            try {
                store.files().force(p);
            } catch (IOException e) {
                throw new StorageException("cannot force " + p + " to disk", e);
            }
        }
    }

    private void deleteQuietly(Path p) {
        try {
            store.files().delete(p);
        } catch (IOException e) {
            LOG.warn("{}: cannot delete after a failed write: {}", p, e.toString());
        }
    }
}
