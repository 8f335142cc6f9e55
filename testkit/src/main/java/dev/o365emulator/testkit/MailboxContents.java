package dev.o365emulator.testkit;

import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MessageHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** A read-only view of one mailbox's folders and messages, as they are at the moment of each call. */
public final class MailboxContents {

    /** IMAP name of the Inbox. */
    public static final String INBOX = MailboxStore.INBOX;
    /** IMAP name of Sent Items. */
    public static final String SENT_ITEMS = MailboxStore.SENT_ITEMS;

    private final MailStore store;
    private final String address;

    MailboxContents(MailStore store, String address) {
        this.store = store;
        this.address = address;
    }

    public String address() {
        return address;
    }

    /** The messages of a folder (IMAP name, e.g. {@code INBOX}, {@code Sent Items}), oldest first; empty if none. */
    public List<ReceivedMessage> messages(String folder) {
        Optional<MailFolder> f = store.mailbox(address).flatMap(m -> m.folder(folder));
        if (f.isEmpty()) {
            return List.of();
        }
        List<ReceivedMessage> out = new ArrayList<>();
        for (MessageHandle h : f.get().snapshot().messages()) {
            ByteBuffer raw = h.message().raw();
            byte[] bytes = new byte[raw.remaining()];
            raw.get(bytes);
            out.add(new ReceivedMessage(address, f.get().name(), h.uid(), new LinkedHashSet<>(h.flags().names()),
                    h.message().internalDate(), bytes));
        }
        return out;
    }

    /** The Inbox's messages. */
    public List<ReceivedMessage> inbox() {
        return messages(INBOX);
    }

    /** The Sent Items copies Office 365 keeps of what this mailbox submitted. */
    public List<ReceivedMessage> sentItems() {
        return messages(SENT_ITEMS);
    }

    /** How many messages a folder holds. */
    public int count(String folder) {
        return store.mailbox(address).flatMap(m -> m.folder(folder)).map(MailFolder::exists).orElse(0);
    }

    /** Names of every folder the mailbox has (empty before anything was stored in it). */
    public List<String> folders() {
        return store.mailbox(address).map(m -> m.list().stream().map(MailboxStore.FolderInfo::name).toList())
                .orElse(List.of());
    }

    @Override
    public String toString() {
        return address;
    }
}
