package dev.o365emulator.server.store;

import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.RecipientDecision;
import dev.o365emulator.server.tenant.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts accepted mail into mailboxes the way Exchange Online does: recipients resolved by the tenant,
 * one stored copy of the bytes shared by every recipient, and a {@code \Seen} copy in the sender's
 * Sent Items for a submission.
 *
 * <p>Size and rate limits of the sender are the SMTP session's to check before calling; the receive
 * size of each recipient is checked here.
 */
public final class MailDelivery {
    /** Recipients of one call; Office 365 allows at most 1000 per message. */
    public static final int MAX_RECIPIENTS = 1000;

    private final Tenant tenant;
    private final MailStore store;

    public MailDelivery(Tenant tenant, MailStore store) {
        this.tenant = tenant;
        this.store = store;
    }

    /** What became of one recipient. */
    public sealed interface RecipientResult {
        String recipient();

        /** Delivered to the Inbox of these mailboxes (one, or a group's members). */
        record Delivered(String recipient, List<String> mailboxes) implements RecipientResult {
            public Delivered {
                mailboxes = List.copyOf(mailboxes);
            }
        }

        /** No such mailbox in an accepted domain: NDR {@code 550 5.1.10 RESOLVER.ADR.RecipientNotFound}. */
        record Unknown(String recipient) implements RecipientResult {
        }

        /** Outside the accepted domains: relayed out, nothing stored here. */
        record External(String recipient) implements RecipientResult {
        }

        /** Larger than the recipient's MaxReceiveSize: NDR. */
        record TooLarge(String recipient, long maxReceiveSize) implements RecipientResult {
        }
    }

    /** The outcome of a submission: per recipient, and where the Sent Items copy went. */
    public record SubmissionResult(List<RecipientResult> recipients, MailFolder.AppendResult sentItemsCopy) {
        public SubmissionResult {
            recipients = List.copyOf(recipients);
        }
    }

    /**
     * Delivers inbound mail (MX endpoint, or the facade) to one recipient's Inbox.
     *
     * <p>The caller hands over {@code raw} and must not change it afterwards.
     */
    public RecipientResult deliver(String recipient, byte[] raw) {
        return deliver(recipient, store.newMessage(raw), new LinkedHashSet<>());
    }

    /**
     * Delivers a message submitted by {@code sender} to its local recipients and keeps a copy, flagged
     * {@code \Seen}, in the sender's Sent Items, as Exchange Online does. A mailbox listed twice (or
     * through a group) gets one copy.
     *
     * @throws IllegalArgumentException for more than {@link #MAX_RECIPIENTS} recipients
     */
    public SubmissionResult deliverSubmission(Mailbox sender, List<String> recipients, byte[] raw) {
        if (recipients.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("more than " + MAX_RECIPIENTS + " recipients");
        }
        StoredMessage message = store.newMessage(raw);
        Set<String> delivered = new LinkedHashSet<>();
        List<RecipientResult> results = new ArrayList<>(recipients.size());
        for (String r : recipients) {
            results.add(deliver(r, message, delivered));
        }
        MailFolder.AppendResult sent = store.open(sender.address()).folder(SpecialUse.SENT).append(message, Flags.SEEN);
        return new SubmissionResult(results, sent);
    }

    private RecipientResult deliver(String recipient, StoredMessage message, Set<String> alreadyDelivered) {
        RecipientDecision decision = tenant.recipient(recipient);
        List<Mailbox> targets;
        if (decision instanceof RecipientDecision.Local l) {
            targets = List.of(l.mailbox());
        } else if (decision instanceof RecipientDecision.GroupMembers g) {
            targets = g.members();
        } else if (decision instanceof RecipientDecision.External) {
            return new RecipientResult.External(recipient);
        } else {
            return new RecipientResult.Unknown(recipient);
        }
        for (Mailbox m : targets) {
            if (message.size() > m.maxReceiveSize()) {
                return new RecipientResult.TooLarge(recipient, m.maxReceiveSize());
            }
        }
        List<String> to = new ArrayList<>();
        for (Mailbox m : targets) {
            if (alreadyDelivered.add(m.address())) {
                store.open(m.address()).inbox().append(message, Flags.NONE);
            }
            to.add(m.address());
        }
        return new RecipientResult.Delivered(recipient, to);
    }
}
