package dev.o365emulator.server.internal.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The in-memory store's storage: it writes nothing, and a copy of a message shares the original's bytes. */
final class MemoryStorage implements MailStorage, MailboxStorage, FolderStorage {
    static final MemoryStorage INSTANCE = new MemoryStorage();

    private MemoryStorage() {
    }

    @Override
    public List<String> storedAddresses() {
        return List.of();
    }

    @Override
    public boolean holds(String address) {
        return false;
    }

    @Override
    public long newUidValidity(long candidate) {
        return candidate;
    }

    @Override
    public MailboxStorage openMailbox(String address) {
        return this;
    }

    @Override
    public long cost(long bytes, long copies) {
        return MailStore.cost(bytes, copies);
    }

    @Override
    public void clear() {
    }

    @Override
    public void close() {
    }

    @Override
    public List<LoadedFolder> folders() {
        return List.of();
    }

    @Override
    public Optional<Set<String>> subscriptions() {
        return Optional.empty();
    }

    @Override
    public FolderStorage create(String name, long uidValidity) {
        return this;
    }

    @Override
    public void delete(FolderStorage folder) {
    }

    @Override
    public void rename(FolderStorage folder, String newName) {
    }

    @Override
    public void saveSubscriptions(Collection<String> names) {
    }

    @Override
    public StoredMessage add(StoredMessage message, long uid, Flags flags) {
        return message;
    }

    @Override
    public void changeFlags(StoredMessage message, long uid, Flags before, Flags after) {
    }

    @Override
    public void remove(StoredMessage message, long uid) {
    }

    @Override
    public void sync() {
    }
}
