package dev.o365emulator.server.store;

import dev.o365emulator.server.tenant.Addresses;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory mail store: one {@link MailboxStore} per mailbox address.
 *
 * <p>The store does not decide who has a mailbox: the tenant does (see {@link MailDelivery}). A
 * mailbox's folders exist from its first {@link #open}.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th></tr>
 *   <tr><td>messages per folder</td><td>{@value #DEFAULT_MAX_MESSAGES_PER_FOLDER}</td></tr>
 *   <tr><td>folders per mailbox</td><td>{@value MailboxStore#DEFAULT_MAX_FOLDERS}</td></tr>
 * </table>
 */
public final class MailStore {
    public static final int DEFAULT_MAX_MESSAGES_PER_FOLDER = 1_000_000;

    private final Clock clock;
    private final int maxMessagesPerFolder;
    private final int maxFolders;
    private final AtomicLong uidValidity;
    private final ConcurrentHashMap<String, MailboxStore> mailboxes = new ConcurrentHashMap<>();

    public MailStore(Clock clock) {
        this(clock, DEFAULT_MAX_MESSAGES_PER_FOLDER, MailboxStore.DEFAULT_MAX_FOLDERS);
    }

    public MailStore(Clock clock, int maxMessagesPerFolder, int maxFolders) {
        this.clock = clock;
        this.maxMessagesPerFolder = maxMessagesPerFolder;
        this.maxFolders = maxFolders;
        // Seeded from the clock like Exchange's UIDVALIDITY, then strictly increasing, so a folder
        // deleted and created again never gets a value it had before.
        this.uidValidity = new AtomicLong(Math.max(1, clock.instant().getEpochSecond() & 0x7FFF_FFFFL));
    }

    public Clock clock() {
        return clock;
    }

    /** The mailbox's folders, created with the business folders on first use. */
    public MailboxStore open(String address) {
        String a = Addresses.normalize(address);
        return mailboxes.computeIfAbsent(a,
                k -> new MailboxStore(k, uidValidity::getAndIncrement, maxMessagesPerFolder, maxFolders));
    }

    /** The mailbox's folders if it was ever opened. */
    public Optional<MailboxStore> mailbox(String address) {
        return Optional.ofNullable(mailboxes.get(Addresses.normalize(address)));
    }

    public List<String> addresses() {
        return List.copyOf(mailboxes.keySet());
    }

    /** Forgets every message and folder (the facade's reset between tests). */
    public void clear() {
        mailboxes.clear();
    }

    /** Stores raw bytes as a message received now; the caller hands over the array. */
    public StoredMessage newMessage(byte[] raw) {
        return new StoredMessage(raw, clock.instant());
    }
}
