package dev.o365emulator.server.mail;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One mailbox of the store and its folders, as they were at the moment of the call.
 *
 * @param address the mailbox's primary address, lower case
 * @param folders every folder, in the order IMAP {@code LIST} gives them
 */
public record MailboxSummary(String address, List<FolderSummary> folders) {

    public MailboxSummary {
        Objects.requireNonNull(address, "address");
        folders = List.copyOf(folders);
    }

    /** The folder with this name (IMAP name, {@code INBOX} in any case), if the mailbox has it. */
    public Optional<FolderSummary> folder(String name) {
        return folders.stream().filter(f -> f.name().equals(name)
                || f.name().equalsIgnoreCase("INBOX") && name.equalsIgnoreCase("INBOX")).findFirst();
    }

    /** Messages in every folder together. */
    public int messages() {
        return folders.stream().mapToInt(FolderSummary::messages).sum();
    }

    /** The size of every folder's messages together, in bytes, as Exchange counts a mailbox's size. */
    public long size() {
        return folders.stream().mapToLong(FolderSummary::size).sum();
    }
}
