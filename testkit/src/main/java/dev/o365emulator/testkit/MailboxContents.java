package dev.o365emulator.testkit;

import dev.o365emulator.server.Mail;
import dev.o365emulator.server.mail.FolderSummary;
import dev.o365emulator.server.mail.MailboxSummary;
import java.util.List;

/** A read-only view of one mailbox's folders and messages, as they are at the moment of each call. */
public final class MailboxContents {

    /** IMAP name of the Inbox. */
    public static final String INBOX = Mail.INBOX;
    /** IMAP name of Sent Items. */
    public static final String SENT_ITEMS = Mail.SENT_ITEMS;

    private final Mail mail;
    private final String address;

    MailboxContents(Mail mail, String address) {
        this.mail = mail;
        this.address = address;
    }

    /** The mailbox's address. */
    public String address() {
        return address;
    }

    /** The messages of a folder (IMAP name, e.g. {@code INBOX}, {@code Sent Items}), oldest first; empty if none. */
    public List<ReceivedMessage> messages(String folder) {
        return mail.messages(address, folder).stream()
                .map(ReceivedMessage::new)
                .toList();
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
        return mail.mailbox(address).flatMap(m -> m.folder(folder)).map(FolderSummary::messages).orElse(0);
    }

    /** Names of every folder the mailbox has (empty before anything was stored in it). */
    public List<String> folders() {
        return mail.mailbox(address).map(MailboxSummary::folders).orElse(List.of()).stream()
                .map(FolderSummary::name).toList();
    }

    @Override
    public String toString() {
        return address;
    }
}
