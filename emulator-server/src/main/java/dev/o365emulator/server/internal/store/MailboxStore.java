package dev.o365emulator.server.internal.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * The folders of one mailbox: Office 365's business folders plus user folders, with {@code /} as the
 * hierarchy delimiter.
 *
 * <p>Folder names compare case-insensitively, as in Exchange; {@code INBOX} is always spelled so.
 * Structural changes (create, delete, rename, subscribe) are serialised per mailbox; folder lookups
 * are lock-free.
 *
 * <p>Somewhat over 400 lines because each structural change (create, delete, rename) takes its steps
 * (lock, names, storage, durability, events) in one place, like {@link MailFolder}'s mutations.
 */
public final class MailboxStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MailboxStore.class);

    public static final String INBOX = "INBOX";
    public static final String SENT_ITEMS = "Sent Items";
    public static final String DELETED_ITEMS = "Deleted Items";
    public static final String DRAFTS = "Drafts";
    public static final String JUNK_EMAIL = "Junk Email";
    public static final String ARCHIVE = "Archive";
    public static final String OUTBOX = "Outbox";
    public static final char DELIMITER = '/';
    public static final int MAX_NAME_LENGTH = 1024;
    public static final int MAX_DEPTH = 32;
    public static final int DEFAULT_MAX_FOLDERS = 5000;

    /**
     * The business folders of a new Exchange Online mailbox as IMAP shows them, with their special use
     * ({@code LIST} of a business mailbox as MailKit's Exchange fixtures record it; {@code \Archive} on
     * Archive is inferred).
     */
    public static final Map<String, Optional<SpecialUse>> DEFAULT_FOLDERS = defaultFolders();

    private static Map<String, Optional<SpecialUse>> defaultFolders() {
        Map<String, Optional<SpecialUse>> m = new java.util.LinkedHashMap<>();
        m.put(INBOX, Optional.empty());
        m.put(ARCHIVE, Optional.of(SpecialUse.ARCHIVE));
        m.put("Calendar", Optional.empty());
        m.put("Contacts", Optional.empty());
        m.put("Conversation History", Optional.empty());
        m.put(DELETED_ITEMS, Optional.of(SpecialUse.TRASH));
        m.put(DRAFTS, Optional.of(SpecialUse.DRAFTS));
        m.put("Journal", Optional.empty());
        m.put(JUNK_EMAIL, Optional.of(SpecialUse.JUNK));
        m.put("Notes", Optional.empty());
        m.put(OUTBOX, Optional.empty());
        m.put(SENT_ITEMS, Optional.of(SpecialUse.SENT));
        m.put("Tasks", Optional.empty());
        return java.util.Collections.unmodifiableMap(m);
    }

    /** One row of {@code LIST} / {@code LSUB}. */
    public record FolderInfo(String name, Optional<SpecialUse> specialUse, boolean hasChildren, boolean subscribed,
            boolean defaultFolder) {
    }

    private final String address;
    private final LongSupplier uidValidities;
    private final int maxMessagesPerFolder;
    private final int maxFolders;
    private final MailboxUsage usage;
    private final MailboxStorage storage;
    /** The store's, shared by every folder of every mailbox. */
    private final GroupCommit commit;
    private final ConcurrentSkipListMap<String, MailFolder> folders = new ConcurrentSkipListMap<>();
    private final Set<String> subscribed = new HashSet<>();

    MailboxStore(String address, LongSupplier uidValidities, int maxMessagesPerFolder, int maxFolders,
            MailboxUsage usage) {
        this(address, uidValidities, maxMessagesPerFolder, maxFolders, usage, MailStorage.memory().openMailbox(address),
                new GroupCommit());
    }

    /** A mailbox with what {@code storage} holds, and the business folders it lacks created in it. */
    MailboxStore(String address, LongSupplier uidValidities, int maxMessagesPerFolder, int maxFolders,
            MailboxUsage usage, MailboxStorage storage, GroupCommit commit) {
        this.commit = commit;
        this.address = address;
        this.uidValidities = uidValidities;
        this.maxMessagesPerFolder = maxMessagesPerFolder;
        this.maxFolders = maxFolders;
        this.usage = usage;
        this.storage = storage;
        for (MailboxStorage.LoadedFolder loaded : storage.folders()) {
            String n;
            try {
                n = canonical(loaded.name());
            } catch (FolderException invalid) {
                LOG.warn("{}: a stored folder with a name IMAP cannot use, ignored: {}", address, loaded.name());
                continue;
            }
            if (folders.containsKey(key(n))) {
                LOG.warn("{}: a second stored folder named {}, ignored", address, loaded.name());
                continue;
            }
            String spelled = defaultSpelling(n);
            MailFolder f = new MailFolder(spelled, specialUseOf(spelled), loaded.uidValidity(), maxMessagesPerFolder,
                    usage, loaded.storage(), commit);
            f.load(loaded.uidNext(), loaded.messages());
            folders.put(key(spelled), f);
        }
        Optional<Set<String>> stored = storage.subscriptions();
        for (Map.Entry<String, Optional<SpecialUse>> e : DEFAULT_FOLDERS.entrySet()) {
            if (!folders.containsKey(key(e.getKey()))) {
                long uidValidity = uidValidities.getAsLong();
                folders.put(key(e.getKey()), new MailFolder(e.getKey(), e.getValue().orElse(null), uidValidity,
                        maxMessagesPerFolder, usage, storage.create(e.getKey(), uidValidity), commit));
            }
        }
        if (stored.isPresent()) {
            for (String name : stored.get()) {
                subscribed.add(name.toLowerCase(Locale.ROOT));
            }
        } else {
            for (String name : DEFAULT_FOLDERS.keySet()) {
                subscribed.add(key(name));
            }
            saveSubscriptions();
        }
    }

    /** A business folder's own spelling for a name that differs only in case ({@code sent items}). */
    private static String defaultSpelling(String name) {
        for (String d : DEFAULT_FOLDERS.keySet()) {
            if (d.equalsIgnoreCase(name)) {
                return d;
            }
        }
        return name;
    }

    private static SpecialUse specialUseOf(String name) {
        Optional<SpecialUse> use = DEFAULT_FOLDERS.get(name);
        return use == null ? null : use.orElse(null);
    }

    public String address() {
        return address;
    }

    /** The size of every message in every folder, in bytes, as the mailbox's quota counts it. */
    public long size() {
        return usage.bytes();
    }

    /** The mailbox's quota now, in bytes. */
    public long quota() {
        return usage.quota();
    }

    MailboxUsage usage() {
        return usage;
    }

    public MailFolder inbox() {
        return folders.get(key(INBOX));
    }

    /** The business folder with this special use ({@code Sent Items} for {@link SpecialUse#SENT} …). */
    public MailFolder folder(SpecialUse use) {
        for (MailFolder f : folders.values()) {
            if (f.specialUse().orElse(null) == use && DEFAULT_FOLDERS.containsKey(f.name())) {
                return f;
            }
        }
        throw new IllegalStateException("no " + use + " folder");
    }

    public Optional<MailFolder> folder(String name) {
        try {
            return Optional.ofNullable(folders.get(key(canonical(name))));
        } catch (FolderException invalid) {
            return Optional.empty();
        }
    }

    /** Creates a folder and any missing parents (RFC 3501 CREATE). */
    public synchronized MailFolder create(String name) {
        String n = canonical(name);
        if (folders.containsKey(key(n))) {
            throw new FolderException(FolderException.Reason.ALREADY_EXISTS, n + " already exists");
        }
        MailFolder created = createWithParents(n);
        // Acknowledged means durable: a CREATE's OK must survive a crash, not wait for the first message.
        for (MailFolder f : lineage(n)) {
            f.makeDurable();
        }
        return created;
    }

    /** The folder and each of its parents that exist, outermost first. */
    private List<MailFolder> lineage(String n) {
        List<MailFolder> out = new ArrayList<>();
        int slash = -1;
        do {
            slash = n.indexOf(DELIMITER, slash + 1);
            MailFolder f = folders.get(key(slash < 0 ? n : n.substring(0, slash)));
            if (f != null) {
                out.add(f);
            }
        } while (slash >= 0);
        return out;
    }

    /** Returns the folder, creating it and any missing parents first if needed. */
    public synchronized MailFolder createIfAbsent(String name) {
        String n = canonical(name);
        MailFolder f = folders.get(key(n));
        return f != null ? f : createWithParents(n);
    }

    private MailFolder createWithParents(String n) {
        int slash = -1;
        MailFolder created = null;
        do {
            slash = n.indexOf(DELIMITER, slash + 1);
            String prefix = slash < 0 ? n : n.substring(0, slash);
            if (!folders.containsKey(key(prefix))) {
                if (folders.size() >= maxFolders) {
                    throw new FolderException(FolderException.Reason.FOLDER_FULL, "more than " + maxFolders + " folders");
                }
                long uidValidity = uidValidities.getAsLong();
                created = new MailFolder(prefix, null, uidValidity, maxMessagesPerFolder, usage,
                        storage.create(prefix, uidValidity), commit);
                folders.put(key(prefix), created);
            }
        } while (slash >= 0);
        return created != null ? created : folders.get(key(n));
    }

    /**
     * Deletes a folder with its sub-folders and their messages, as Exchange does. Business folders
     * cannot be deleted. A folder created later with the same name gets a new UIDVALIDITY.
     */
    public synchronized void delete(String name) {
        String n = canonical(name);
        MailFolder f = folders.get(key(n));
        if (f == null) {
            throw new FolderException(FolderException.Reason.NOT_FOUND, n + " does not exist");
        }
        if (DEFAULT_FOLDERS.containsKey(f.name())) {
            throw new FolderException(FolderException.Reason.DEFAULT_FOLDER, n + " is a default folder");
        }
        for (MailFolder child : subtree(n)) {
            storage.delete(child.storage());
            folders.remove(key(child.name()));
            subscribed.remove(key(child.name()));
            child.markDeleted();
        }
        saveSubscriptions();
    }

    /**
     * Renames a folder and its sub-folders, keeping UIDs and UIDVALIDITY. Renaming INBOX follows RFC 3501:
     * its messages move to a new folder with the new name, and INBOX stays, empty.
     */
    public synchronized void rename(String from, String to) {
        String source = canonical(from);
        String target = canonical(to);
        MailFolder f = folders.get(key(source));
        if (f == null) {
            throw new FolderException(FolderException.Reason.NOT_FOUND, source + " does not exist");
        }
        if (folders.containsKey(key(target))) {
            throw new FolderException(FolderException.Reason.ALREADY_EXISTS, target + " already exists");
        }
        if (source.equals(INBOX)) {
            MailFolder destination = createWithParents(target);
            f.moveAllTo(destination);
            return;
        }
        if (DEFAULT_FOLDERS.containsKey(f.name())) {
            throw new FolderException(FolderException.Reason.DEFAULT_FOLDER, source + " is a default folder");
        }
        if (key(target).startsWith(key(source) + DELIMITER)) {
            throw new FolderException(FolderException.Reason.INVALID_NAME, "cannot move " + source + " into itself");
        }
        int parent = target.lastIndexOf(DELIMITER);
        if (parent > 0) {
            createWithParents(target.substring(0, parent));
        }
        for (MailFolder child : subtree(source)) {
            String oldName = child.name();
            String newName = target + oldName.substring(source.length());
            storage.rename(child.storage(), newName);
            folders.remove(key(oldName));
            boolean wasSubscribed = subscribed.remove(key(oldName));
            child.rename(newName);
            folders.put(key(newName), child);
            if (wasSubscribed) {
                subscribed.add(key(newName));
            }
        }
        saveSubscriptions();
    }

    /** Marks a name subscribed or not (RFC 3501 allows subscribing to names that do not exist). */
    public synchronized void subscribe(String name, boolean subscribe) {
        String k = key(canonical(name));
        if (subscribe) {
            if (subscribed.size() >= maxFolders) {
                throw new FolderException(FolderException.Reason.FOLDER_FULL, "too many subscriptions");
            }
            subscribed.add(k);
        } else {
            subscribed.remove(k);
        }
        saveSubscriptions();
    }

    /** Hands the subscriptions to the storage, each spelled as its folder is when it exists. */
    private void saveSubscriptions() {
        List<String> names = new ArrayList<>(subscribed.size());
        for (String k : subscribed) {
            MailFolder f = folders.get(k);
            names.add(f != null ? f.name() : k);
        }
        names.sort(null);
        storage.saveSubscriptions(names);
    }

    /** Every folder, INBOX first, then by name. */
    public synchronized List<FolderInfo> list() {
        List<FolderInfo> out = new ArrayList<>();
        MailFolder inbox = inbox();
        out.add(info(inbox));
        for (MailFolder f : folders.values()) {
            if (f != inbox) {
                out.add(info(f));
            }
        }
        return out;
    }

    private FolderInfo info(MailFolder f) {
        String k = key(f.name());
        String higher = folders.higherKey(k);
        boolean hasChildren = higher != null && higher.startsWith(k + DELIMITER);
        if (!hasChildren) {
            // '/' sorts after ' ' and '-', so a child may come after siblings like "a b" for parent "a".
            for (String other : folders.tailMap(k, false).keySet()) {
                if (!other.startsWith(k)) {
                    break;
                }
                if (other.startsWith(k + DELIMITER)) {
                    hasChildren = true;
                    break;
                }
            }
        }
        return new FolderInfo(f.name(), f.specialUse(), hasChildren, subscribed.contains(k),
                DEFAULT_FOLDERS.containsKey(f.name()));
    }

    private List<MailFolder> subtree(String name) {
        List<MailFolder> out = new ArrayList<>();
        String k = key(name);
        for (Map.Entry<String, MailFolder> e : folders.tailMap(k, true).entrySet()) {
            if (!e.getKey().startsWith(k)) {
                break;
            }
            if (e.getKey().equals(k) || e.getKey().startsWith(k + DELIMITER)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private static String key(String canonicalName) {
        return canonicalName.toLowerCase(Locale.ROOT);
    }

    /**
     * Validates a name and spells INBOX (and an {@code INBOX/} prefix) in upper case.
     *
     * @throws FolderException with {@link FolderException.Reason#INVALID_NAME}
     */
    static String canonical(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw invalid(name);
        }
        String[] segments = name.split("/", -1);
        if (segments.length > MAX_DEPTH) {
            throw invalid(name);
        }
        for (String s : segments) {
            if (s.isEmpty() || s.isBlank()) {
                throw invalid(name);
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '*' || c == '%') {
                    throw invalid(name);
                }
            }
        }
        if (segments[0].equalsIgnoreCase(INBOX)) {
            return INBOX + name.substring(INBOX.length());
        }
        return name;
    }

    private static FolderException invalid(String name) {
        return new FolderException(FolderException.Reason.INVALID_NAME, "invalid folder name: " + name);
    }
}
