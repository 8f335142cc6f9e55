package dev.o365emulator.server.internal.store;

import dev.o365emulator.server.tenant.Addresses;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * The mail store: one {@link MailboxStore} per mailbox address, kept in memory only or durably on disk
 * according to its {@link MailStorage} (the Maildir store keeps message bytes in files and only their
 * index in memory).
 *
 * <p>The store does not decide who has a mailbox: the tenant does (see {@link MailDelivery}). A
 * mailbox's folders exist from its first {@link #open}.
 *
 * <p>Two limits bound what it holds, both checked before a message is stored, so that a refusal comes
 * before anything is acknowledged:
 * <ul>
 *   <li>each mailbox's <b>quota</b> (Office 365's ProhibitSendReceiveQuota, a tenant setting): the total
 *       size of the mailbox's messages, every folder and every copy counted, as Exchange counts a
 *       mailbox's size. An append that would take the mailbox past it fails with
 *       {@link FolderException.Reason#QUOTA_EXCEEDED}; a mailbox exactly at its quota is within it.</li>
 *   <li>the store's <b>{@linkplain #budget() budget}</b>, the emulator's guard for its memory: each stored
 *       copy costs its size plus {@value #STORED_COPY_OVERHEAD} bytes of bookkeeping ({@link #cost}), so a
 *       flood of tiny messages is bounded too; with the bytes on disk, only the bookkeeping
 *       ({@link #copyCost}). Copies of one message share their bytes in memory, so the
 *       budget over-counts them and is an upper bound on what the messages really hold. An append past it
 *       fails with {@link FolderException.Reason#STORE_FULL}.</li>
 * </ul>
 * Expunging, deleting a folder and {@link #clear()} give the space back exactly.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th></tr>
 *   <tr><td>messages per folder</td><td>{@value #DEFAULT_MAX_MESSAGES_PER_FOLDER}</td></tr>
 *   <tr><td>folders per mailbox</td><td>{@value MailboxStore#DEFAULT_MAX_FOLDERS}</td></tr>
 *   <tr><td>mailbox quota</td><td>unlimited here; the emulator passes the tenant's
 *       ({@code Limits.mailboxQuota}, 50 GB by default)</td></tr>
 *   <tr><td>store budget</td><td>unlimited here; the emulator derives its default from the heap</td></tr>
 * </table>
 */
public final class MailStore {
    public static final int DEFAULT_MAX_MESSAGES_PER_FOLDER = 1_000_000;
    /**
     * What a stored copy costs the budget beyond its bytes: its folder entry (UID, flags, references) and
     * its share of the parsed MIME structure, a few hundred bytes for an ordinary message.
     */
    public static final long STORED_COPY_OVERHEAD = 256;
    /** How long closing waits for writes under way: a forced write takes milliseconds, a stuck disk longer. */
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(10);

    private final Clock clock;
    private final int maxMessagesPerFolder;
    private final int maxFolders;
    private final ToLongFunction<String> quotas;
    private final MemoryBudget budget;
    private final AtomicLong uidValidity;
    private final MailStorage storage;
    private final ConcurrentHashMap<String, MailboxStore> mailboxes = new ConcurrentHashMap<>();
    /** Null when the storage's writes do not block (memory): sessions write on their event loop then. */
    private final StoreWriter writer;
    /** Appends to every folder of the store are made durable in shared flushes. */
    private final GroupCommit commit = new GroupCommit();

    /** A store without quotas or budget, for tests of the store itself. */
    public MailStore(Clock clock) {
        this(clock, DEFAULT_MAX_MESSAGES_PER_FOLDER, MailboxStore.DEFAULT_MAX_FOLDERS);
    }

    public MailStore(Clock clock, int maxMessagesPerFolder, int maxFolders) {
        this(clock, maxMessagesPerFolder, maxFolders, address -> Long.MAX_VALUE, MemoryBudget.unlimited());
    }

    /**
     * A store whose mailboxes have the quotas {@code quotas} gives (asked on every append, so a changed
     * setting applies at once) and whose copies together stay within {@code budget}.
     */
    public MailStore(Clock clock, ToLongFunction<String> quotas, MemoryBudget budget) {
        this(clock, DEFAULT_MAX_MESSAGES_PER_FOLDER, MailboxStore.DEFAULT_MAX_FOLDERS, quotas, budget);
    }

    public MailStore(Clock clock, int maxMessagesPerFolder, int maxFolders, ToLongFunction<String> quotas,
            MemoryBudget budget) {
        this(clock, maxMessagesPerFolder, maxFolders, quotas, budget, MailStorage.memory());
    }

    /** A store whose mailboxes live in {@code storage} (the store closes it in {@link #close()}). */
    public MailStore(Clock clock, ToLongFunction<String> quotas, MemoryBudget budget, MailStorage storage) {
        this(clock, DEFAULT_MAX_MESSAGES_PER_FOLDER, MailboxStore.DEFAULT_MAX_FOLDERS, quotas, budget, storage);
    }

    public MailStore(Clock clock, int maxMessagesPerFolder, int maxFolders, ToLongFunction<String> quotas,
            MemoryBudget budget, MailStorage storage) {
        this.storage = java.util.Objects.requireNonNull(storage);
        this.writer = storage.blocks() ? new StoreWriter() : null;
        this.clock = clock;
        this.maxMessagesPerFolder = maxMessagesPerFolder;
        this.maxFolders = maxFolders;
        this.quotas = java.util.Objects.requireNonNull(quotas);
        this.budget = java.util.Objects.requireNonNull(budget);
        // Seeded from the clock like Exchange's UIDVALIDITY, then strictly increasing, so a folder
        // deleted and created again never gets a value it had before.
        this.uidValidity = new AtomicLong(Math.max(1, clock.instant().getEpochSecond() & 0x7FFF_FFFFL));
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The mailbox's folders, created with the business folders on first use. A durable store reads the
     * mailbox from disk here, once (its index stays in memory afterwards).
     *
     * @throws StorageException when the mailbox cannot be read or created on disk
     */
    public MailboxStore open(String address) {
        String a = Addresses.normalize(address);
        MailboxStore existing = mailboxes.get(a);
        return existing != null ? existing : mailboxes.computeIfAbsent(a,
                k -> new MailboxStore(k, this::newUidValidity, maxMessagesPerFolder, maxFolders,
                        new MailboxUsage(k, () -> quotas.applyAsLong(k), budget, storage), storage.openMailbox(k),
                        commit));
    }

    /** The mailbox's folders if they are already in memory: nothing is read from disk. */
    public Optional<MailboxStore> opened(String address) {
        return Optional.ofNullable(mailboxes.get(Addresses.normalize(address)));
    }

    private long newUidValidity() {
        return storage.newUidValidity(uidValidity.getAndIncrement());
    }

    /** The mailbox's folders if it was ever opened, or is stored on disk. */
    public Optional<MailboxStore> mailbox(String address) {
        String a = Addresses.normalize(address);
        MailboxStore m = mailboxes.get(a);
        if (m == null && storage.holds(a)) {
            m = open(a);
        }
        return Optional.ofNullable(m);
    }

    /** Every mailbox opened, or stored on disk. */
    public List<String> addresses() {
        java.util.Set<String> all = new java.util.TreeSet<>(mailboxes.keySet());
        all.addAll(storage.storedAddresses());
        return List.copyOf(all);
    }

    /** Where the mailboxes are kept. */
    public MailStorage storage() {
        return storage;
    }

    /** What {@code copies} stored copies totalling {@code bytes} cost this store's {@linkplain #budget() budget}. */
    public long copyCost(long bytes, long copies) {
        return storage.cost(bytes, copies);
    }

    /**
     * Where sessions run their writes to this store, off their event loops; null when the storage's writes
     * never block (the in-memory store), and a hop to another thread and back would only cost time.
     */
    public StoreWriter writer() {
        return writer;
    }

    /**
     * Waits (a bounded time) for the writes under way, then releases what the storage holds open (the
     * Maildir store's lock on its directory).
     */
    public void close() {
        if (writer != null && !writer.close(CLOSE_WAIT)) {
            org.slf4j.LoggerFactory.getLogger(MailStore.class).warn(
                    "store writes still running after {} s; closing the store under them", CLOSE_WAIT.toSeconds());
        }
        storage.close();
    }

    /**
     * Forgets every message and folder (the facade's reset between tests) and gives their space back to
     * the budget; a durable store deletes them on disk too. A session still holding a forgotten mailbox's
     * folders may go on using them; they no longer count against the store.
     */
    public void clear() {
        for (Map.Entry<String, MailboxStore> e : mailboxes.entrySet()) {
            if (mailboxes.remove(e.getKey(), e.getValue())) {
                e.getValue().usage().detach();
            }
        }
        storage.clear();
    }

    /** The budget every stored copy draws on. */
    public MemoryBudget budget() {
        return budget;
    }

    /** What {@code copies} stored copies totalling {@code bytes} cost the {@linkplain #budget() budget}. */
    public static long cost(long bytes, long copies) {
        return bytes + copies * STORED_COPY_OVERHEAD;
    }

    /** Stores raw bytes as a message received now; the caller hands over the array. */
    public StoredMessage newMessage(byte[] raw) {
        return newMessage(raw, StoredMessage.NO_SESSION);
    }

    /** Stores raw bytes as a message the journal session {@code submittedBy} delivers now. */
    public StoredMessage newMessage(byte[] raw, long submittedBy) {
        return new StoredMessage(raw, clock.instant(), submittedBy);
    }
}
