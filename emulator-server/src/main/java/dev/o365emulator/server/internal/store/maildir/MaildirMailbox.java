package dev.o365emulator.server.internal.store.maildir;

import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.FolderStorage;
import dev.o365emulator.server.internal.store.MailboxStorage;
import dev.o365emulator.server.internal.store.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mailbox as a Maildir++ directory, {@code <root>/<address>/}: INBOX in the directory itself, every
 * other folder in {@code .<name>} ({@link MaildirNames}), each with a {@code maildirfolder} marker, and
 * the subscribed names in {@code subscriptions}, one per line. Called under its mailbox's lock.
 */
final class MaildirMailbox implements MailboxStorage {
    static final String SUBSCRIPTIONS = "subscriptions";
    private static final String TRASH_PREFIX = "..deleted-";
    private static final Logger LOG = LoggerFactory.getLogger(MaildirMailbox.class);

    private final MaildirStorage store;
    private final Path directory;
    /** Its folders, so that {@link #detach} can cut them off from the directory. */
    private final List<MaildirFolder> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    MaildirMailbox(MaildirStorage store, Path directory) {
        this.store = store;
        this.directory = directory;
    }

    @Override
    public List<LoadedFolder> folders() {
        List<LoadedFolder> out = new ArrayList<>();
        try {
            if (Files.isDirectory(directory.resolve("cur"))) {
                out.add(track(MaildirFolder.load(store, MaildirNames.INBOX, directory)));
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(directory)) {
                for (Path p : s) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(TRASH_PREFIX)) {
                        // A folder deletion that a crash interrupted: it was already gone for clients.
                        store.deleteTree(p);
                        continue;
                    }
                    if (!name.startsWith(".") || !Files.isDirectory(p)) {
                        continue;
                    }
                    Optional<String> folder = MaildirNames.folder(name);
                    if (folder.isEmpty() || folder.get().equalsIgnoreCase(MaildirNames.INBOX)
                            || !Files.isDirectory(p.resolve("cur"))) {
                        LOG.warn("{}: not a Maildir++ folder, ignored", p);
                        continue;
                    }
                    try {
                        out.add(track(MaildirFolder.load(store, folder.get(), p)));
                    } catch (IOException e) {
                        LOG.warn("{}: cannot read the folder, ignored: {}", p, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot read the mailbox " + directory, e);
        }
        return out;
    }

    @Override
    public Optional<Set<String>> subscriptions() {
        try {
            Set<String> names = new LinkedHashSet<>();
            for (String line : Files.readAllLines(directory.resolve(SUBSCRIPTIONS), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line);
                }
            }
            return Optional.of(names);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("{}: cannot read, the default subscriptions apply: {}", directory.resolve(SUBSCRIPTIONS),
                    e.toString());
            return Optional.empty();
        }
    }

    private Path folderDirectory(String name) {
        String d = MaildirNames.directory(name);
        if (d.getBytes(StandardCharsets.UTF_8).length > MaildirNames.MAX_DIRECTORY_NAME) {
            throw new FolderException(FolderException.Reason.INVALID_NAME,
                    "folder name too long for a Maildir directory: " + name);
        }
        return d.isEmpty() ? directory : directory.resolve(d);
    }

    @Override
    public FolderStorage create(String name, long uidValidity) {
        Path d = folderDirectory(name);
        MaildirFiles files = store.files();
        try {
            for (String sub : List.of("cur", "new", "tmp")) {
                files.createDirectories(d.resolve(sub));
            }
            if (!d.equals(directory)) {
                Path marker = d.resolve("maildirfolder");
                if (!Files.exists(marker)) {
                    files.create(marker, new byte[0]);
                }
            }
            MaildirFolder created = MaildirFolder.create(store, d, uidValidity);
            open.add(created);
            return created;
        } catch (IOException e) {
            throw new StorageException("cannot create the folder " + d, e);
        }
    }

    @Override
    public void delete(FolderStorage folder) {
        Path d = ((MaildirFolder) folder).place().directory();
        Path trash = directory.resolve(TRASH_PREFIX + store.nextCounter());
        try {
            // One rename makes the deletion durable; the files go after it.
            store.files().move(d, trash);
            if (store.fsync()) {
                store.files().force(directory);
            }
        } catch (IOException e) {
            throw new StorageException("cannot delete the folder " + d, e);
        }
        open.remove(folder);
        store.deleteTree(trash);
    }

    private LoadedFolder track(LoadedFolder loaded) {
        open.add((MaildirFolder) loaded.storage());
        return loaded;
    }

    /**
     * Points every folder of this mailbox at {@code trash}, where its directory went when the store was
     * cleared: a session still holding one then fails to write instead of writing into the new mailbox
     * that takes this one's place.
     */
    void detach(Path trash) {
        for (MaildirFolder f : open) {
            f.place().moveTo(trash.resolve(directory.relativize(f.place().directory()).toString()));
        }
        open.clear();
    }

    @Override
    public void rename(FolderStorage folder, String newName) {
        MaildirFolder f = (MaildirFolder) folder;
        Path from = f.place().directory();
        Path to = folderDirectory(newName);
        try {
            if (Files.exists(to)) {
                throw new StorageException("cannot rename " + from, new java.nio.file.FileAlreadyExistsException(
                        to.toString()));
            }
            store.files().move(from, to);
            if (store.fsync()) {
                store.files().force(directory);
            }
            f.place().moveTo(to);
        } catch (IOException e) {
            throw new StorageException("cannot rename the folder " + from + " to " + to, e);
        }
    }

    @Override
    public void saveSubscriptions(Collection<String> names) {
        StringBuilder out = new StringBuilder();
        names.forEach(n -> out.append(n).append('\n'));
        try {
            Durable.replace(directory.resolve(SUBSCRIPTIONS), out.toString().getBytes(StandardCharsets.UTF_8),
                    store.files(), store.fsync());
        } catch (IOException e) {
            throw new StorageException("cannot store the subscriptions of " + directory, e);
        }
    }
}
