package dev.o365emulator.server.mail;

import java.util.Objects;
import java.util.Optional;

/**
 * One folder of a mailbox, counted at the moment of the call.
 *
 * @param name the IMAP name: {@code INBOX}, {@code Sent Items}, {@code Projects/2025}
 * @param specialUse the RFC 6154 attribute of Office 365's business folders ({@code \Sent},
 *     {@code \Drafts}, {@code \Trash}, {@code \Junk}, {@code \Archive}), empty for others
 * @param messages how many messages it holds
 * @param unseen how many of them are not {@code \Seen}
 * @param size their size together, in bytes
 * @param uidValidity the folder's IMAP UIDVALIDITY
 * @param uidNext the UID its next message will get
 */
public record FolderSummary(String name, Optional<String> specialUse, int messages, int unseen, long size,
        long uidValidity, long uidNext) {

    public FolderSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(specialUse, "specialUse");
    }
}
