package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.internal.store.MailboxStore.FolderInfo;
import dev.o365emulator.server.internal.tenant.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class MailboxStoreContract extends StoreContract {
    private final MailStore store = newStore(MutableClock.at("2026-03-01T10:00:00Z"));
    private final MailboxStore mailbox = store.open("Adele@Contoso.com");

    private FolderInfo info(String name) {
        return mailbox.list().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void newMailboxHasTheBusinessFoldersWithTheirSpecialUse() {
        assertThat(mailbox.list()).extracting(FolderInfo::name).containsExactly("INBOX", "Archive", "Calendar",
                "Contacts", "Conversation History", "Deleted Items", "Drafts", "Journal", "Junk Email", "Notes",
                "Outbox", "Sent Items", "Tasks");
        assertThat(info("Sent Items").specialUse()).contains(SpecialUse.SENT);
        assertThat(info("Deleted Items").specialUse()).contains(SpecialUse.TRASH);
        assertThat(info("Junk Email").specialUse()).contains(SpecialUse.JUNK);
        assertThat(info("Drafts").specialUse()).contains(SpecialUse.DRAFTS);
        assertThat(info("Archive").specialUse()).contains(SpecialUse.ARCHIVE);
        assertThat(info("Outbox").specialUse()).isEmpty();
        assertThat(SpecialUse.SENT.imapAttribute()).isEqualTo("\\Sent");
        assertThat(mailbox.folder("inbox")).containsSame(mailbox.inbox());
        assertThat(mailbox.address()).isEqualTo("adele@contoso.com");
    }

    @Test
    void createMakesMissingParentsAndReportsChildren() {
        mailbox.create("Projects/2026/Q1");
        assertThat(mailbox.folder("projects/2026")).isPresent();
        assertThat(info("Projects").hasChildren()).isTrue();
        assertThat(info("Projects/2026/Q1").hasChildren()).isFalse();
        assertThat(info("INBOX").hasChildren()).isFalse();
        mailbox.create("Inbox/Receipts");
        assertThat(mailbox.folder("INBOX/Receipts").orElseThrow().name()).isEqualTo("INBOX/Receipts");
        assertThat(info("INBOX").hasChildren()).isTrue();
        assertThatThrownBy(() -> mailbox.create("PROJECTS")).isInstanceOf(FolderException.class)
                .extracting(e -> ((FolderException) e).reason()).isEqualTo(FolderException.Reason.ALREADY_EXISTS);
    }

    @Test
    void invalidNamesAreRefused() {
        for (String bad : new String[] {"", "/a", "a/", "a//b", "a*", "a%", "tab\there"}) {
            assertThatThrownBy(() -> mailbox.create(bad)).as(bad).isInstanceOf(FolderException.class);
        }
        assertThat(mailbox.folder("a//b")).isEmpty();
    }

    @Test
    void deleteRemovesTheSubtreeButNeverABusinessFolder() {
        mailbox.create("Projects/Old");
        mailbox.create("Projects2");
        mailbox.delete("Projects");
        assertThat(mailbox.folder("Projects/Old")).isEmpty();
        assertThat(mailbox.folder("Projects2")).isPresent();
        assertThatThrownBy(() -> mailbox.delete("Sent Items")).isInstanceOf(FolderException.class)
                .extracting(e -> ((FolderException) e).reason()).isEqualTo(FolderException.Reason.DEFAULT_FOLDER);
        assertThatThrownBy(() -> mailbox.delete("INBOX")).isInstanceOf(FolderException.class);
        assertThatThrownBy(() -> mailbox.delete("Nope")).isInstanceOf(FolderException.class);
    }

    @Test
    void renameMovesChildrenAndKeepsUids() {
        MailFolder a = mailbox.create("A/B");
        a.append(store.newMessage("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), Flags.NONE);
        long validity = a.uidValidity();
        mailbox.rename("A", "Z/A");
        assertThat(mailbox.folder("A")).isEmpty();
        MailFolder moved = mailbox.folder("Z/A/B").orElseThrow();
        assertThat(moved.uidValidity()).isEqualTo(validity);
        assertThat(moved.snapshot().messages()).extracting(MessageHandle::uid).containsExactly(1L);
        assertThatThrownBy(() -> mailbox.rename("Z", "Z/A/inside")).isInstanceOf(FolderException.class);
        assertThatThrownBy(() -> mailbox.rename("Drafts", "Mine")).isInstanceOf(FolderException.class);
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesAnEmptyInbox() {
        MailFolder inbox = mailbox.inbox();
        for (int i = 0; i < 3; i++) {
            inbox.append(store.newMessage(("Subject: " + i + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                    Flags.NONE);
        }
        mailbox.rename("INBOX", "Old Inbox");
        assertThat(mailbox.inbox()).isSameAs(inbox);
        assertThat(inbox.exists()).isZero();
        assertThat(inbox.uidNext()).isEqualTo(4);
        assertThat(mailbox.folder("Old Inbox").orElseThrow().exists()).isEqualTo(3);
    }

    @Test
    void subscriptionsFollowRenamesAndDeletes() {
        mailbox.create("Lists");
        assertThat(info("Lists").subscribed()).isFalse();
        mailbox.subscribe("Lists", true);
        mailbox.rename("Lists", "Mailing Lists");
        assertThat(info("Mailing Lists").subscribed()).isTrue();
        assertThat(info("INBOX").subscribed()).isTrue();
        mailbox.delete("Mailing Lists");
        mailbox.create("Mailing Lists");
        assertThat(info("Mailing Lists").subscribed()).isFalse();
    }

    @Test
    void storeKeepsOneMailboxPerAddress() {
        assertThat(store.open("ADELE@contoso.com")).isSameAs(mailbox);
        assertThat(store.mailbox("nobody@contoso.com")).isEqualTo(Optional.empty());
    }
}
