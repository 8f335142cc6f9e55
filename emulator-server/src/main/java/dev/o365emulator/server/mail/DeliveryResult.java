package dev.o365emulator.server.mail;

import java.util.List;
import java.util.Objects;

/**
 * What became of one recipient of a delivery, as Exchange Online routes it.
 *
 * @param recipient the address as given
 * @param status what happened
 * @param mailboxes the mailboxes (primary addresses) that got a copy: one, a group's members, or none
 */
public record DeliveryResult(String recipient, Status status, List<String> mailboxes) {

    public DeliveryResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        mailboxes = List.copyOf(mailboxes);
    }

    /** The outcomes Office 365 distinguishes for a recipient. */
    public enum Status {
        /** Stored in the Inbox of {@link #mailboxes()}. */
        DELIVERED,
        /** No such mailbox or group in an accepted domain: Office 365 answers {@code 550 5.1.10 RecipientNotFound}. */
        UNKNOWN_RECIPIENT,
        /** Outside the tenant's accepted domains: relayed out, nothing stored here. */
        EXTERNAL,
        /** Larger than the recipient's MaxReceiveSize. */
        TOO_LARGE,
        /** The mailbox would pass its quota ({@code 554 5.2.2 mailbox full}). */
        MAILBOX_FULL
    }
}
