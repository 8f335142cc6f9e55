package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.server.internal.store.MailboxStore;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive-access locks of RFC 1939 §8: at most one POP3 session holds a mailbox in the
 * TRANSACTION state. Shared by the POP3 endpoints of one emulator; thread-safe.
 */
final class Pop3MailboxLocks {

    // Keyed by the store object, not the address: a cleared store (new MailboxStore) starts unlocked,
    // and two emulators never share a lock.
    private final Map<MailboxStore, Object> holders = new ConcurrentHashMap<>();

    /** Takes the lock for {@code owner}; false if another session holds it. */
    boolean tryLock(MailboxStore mailbox, Object owner) {
        Objects.requireNonNull(owner, "owner");
        return holders.putIfAbsent(mailbox, owner) == null;
    }

    /** Releases the lock if {@code owner} holds it; a no-op otherwise. */
    void release(MailboxStore mailbox, Object owner) {
        holders.remove(mailbox, owner);
    }

    /** Whether some session holds the mailbox. */
    boolean isLocked(MailboxStore mailbox) {
        return holders.containsKey(mailbox);
    }
}
