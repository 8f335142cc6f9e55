package dev.o365emulator.server.internal.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The stored form of one mailbox: its folders, each with its messages, and its subscriptions.
 * Called by {@link MailboxStore} under its lock, so never twice at once for one mailbox.
 */
public interface MailboxStorage {

    /** One folder as it was found: a name with {@code /} as delimiter, and its messages in ascending UID order. */
    record LoadedFolder(String name, long uidValidity, long uidNext, List<LoadedMessage> messages,
            FolderStorage storage) {
        public LoadedFolder {
            messages = List.copyOf(messages);
        }
    }

    /** One message as it was found. */
    record LoadedMessage(long uid, Flags flags, StoredMessage message) {
    }

    /** The folders it holds, read once when the mailbox is opened (empty for a new mailbox). */
    List<LoadedFolder> folders();

    /** The subscribed names it holds, or empty when it never stored any (a new mailbox). */
    Optional<Set<String>> subscriptions();

    /** Creates a folder, durably, and returns its storage. */
    FolderStorage create(String name, long uidValidity);

    /** Deletes a folder and its messages, durably. */
    void delete(FolderStorage folder);

    /** Gives a folder a new name, keeping its messages, UIDs and UIDVALIDITY, durably. */
    void rename(FolderStorage folder, String newName);

    /** Stores the subscribed names, durably. */
    void saveSubscriptions(Collection<String> names);
}
