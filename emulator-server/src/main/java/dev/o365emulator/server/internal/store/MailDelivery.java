package dev.o365emulator.server.internal.store;

import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.RecipientDecision;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts accepted mail into mailboxes the way Exchange Online does: recipients resolved by the tenant,
 * one stored copy of the bytes shared by every recipient (in memory; in Maildir one file, linked into each
 * folder), and a {@code \Seen} copy in the sender's Sent Items for a submission. A message's copies are
 * staged in their folders and made durable together, waited for once ({@link MailFolder#stage}). A copy the
 * Maildir store cannot write fails the whole call with {@link StorageException}; copies staged before it are
 * still committed, and stay if their force succeeds.
 *
 * <p>Size and rate limits of the sender are the SMTP session's to check before calling; the receive
 * size of each recipient is checked here, and so is each mailbox's quota and the store's budget, before
 * anything is stored:
 * <ul>
 *   <li>the budget is reserved for every copy of the message at once, so a message the store has no room
 *       for is refused whole ({@link FolderException.Reason#STORE_FULL}) and nobody gets it;</li>
 *   <li>for a submission the sender's own mailbox comes next (Exchange counts Sent Items): over its quota,
 *       the submission is refused ({@link FolderException.Reason#QUOTA_EXCEEDED}) and nobody gets it;</li>
 *   <li>a recipient whose mailbox would pass its quota does not get it ({@link RecipientResult.MailboxFull}),
 *       the others do.</li>
 * </ul>
 *
 * <p>It also holds the budget of message bodies that SMTP sessions are receiving ({@link #inFlight()}):
 * content buffered for delivery and not yet stored.
 *
 * <p>Somewhat over 400 lines because the order above (budget, sender, recipients, staging, one wait) is
 * one sequence per kind of delivery, kept side by side so the kinds can be checked against each other.
 */
public final class MailDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MailDelivery.class);

    /** Recipients of one call; Office 365 allows at most 1000 per message. */
    public static final int MAX_RECIPIENTS = 1000;

    private final Tenant tenant;
    private final MailStore store;
    private final MemoryBudget inFlight;
    private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();

    /** Delivery without a budget for bodies in flight, for tests of delivery itself. */
    public MailDelivery(Tenant tenant, MailStore store) {
        this(tenant, store, MemoryBudget.unlimited());
    }

    public MailDelivery(Tenant tenant, MailStore store, MemoryBudget inFlight) {
        this.tenant = tenant;
        this.store = store;
        this.inFlight = inFlight;
    }

    /** The budget every SMTP session's buffered message content draws on until it is stored or dropped. */
    public MemoryBudget inFlight() {
        return inFlight;
    }

    /** Starts telling {@code listener} about every copy this delivery stores. */
    public void addListener(DeliveryListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener));
    }

    /** Stops telling {@code listener}. */
    public void removeListener(DeliveryListener listener) {
        listeners.remove(listener);
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

        /**
         * The mailbox would pass its quota: NDR {@code 554 5.2.2 mailbox full}. A group member whose mailbox
         * is full is reported as one of these, under the member's address, after the group's
         * {@link Delivered} (absent when no member got it).
         */
        record MailboxFull(String recipient, long quota) implements RecipientResult {
        }
    }

    /** The outcome of a submission: per recipient, and where the Sent Items copy went (null: none was kept). */
    public record SubmissionResult(List<RecipientResult> recipients, MailFolder.AppendResult sentItemsCopy) {
        public SubmissionResult {
            recipients = List.copyOf(recipients);
        }
    }

    /**
     * Delivers inbound mail (MX endpoint, or the facade) to one recipient's Inbox.
     *
     * <p>The caller hands over {@code raw} and must not change it afterwards.
     *
     * @throws FolderException {@link FolderException.Reason#STORE_FULL} when the store has no room for it
     */
    public RecipientResult deliver(String recipient, byte[] raw) {
        return deliverInbound(List.of(recipient), raw).get(0);
    }

    /**
     * Delivers one inbound message to the Inboxes of its recipients, each mailbox once; the results come in
     * recipient order (a full group member's after its group's).
     *
     * @throws FolderException {@link FolderException.Reason#STORE_FULL} when the store has no room for
     *     every copy: then nobody gets it
     * @throws IllegalArgumentException for more than {@link #MAX_RECIPIENTS} recipients
     */
    public List<RecipientResult> deliverInbound(List<String> recipients, byte[] raw) {
        return deliverInbound(recipients, raw, StoredMessage.NO_SESSION);
    }

    /** {@link #deliverInbound(List, byte[])} for a message the journal session {@code submittedBy} received. */
    public List<RecipientResult> deliverInbound(List<String> recipients, byte[] raw, long submittedBy) {
        checkCount(recipients);
        StoredMessage message = store.newMessage(raw, submittedBy);
        Plan plan = plan(recipients, message);
        Reservation reservation = reserve(message, plan.copies());
        try {
            Copies copies = new Copies(message, reservation);
            return copies.commitAfter(() -> deliver(plan, message, null, copies));
        } finally {
            reservation.releaseUnused();
        }
    }

    /**
     * Delivers a message submitted by {@code sender} to its local recipients and keeps a copy, flagged
     * {@code \Seen}, in the sender's Sent Items, as Exchange Online does. A mailbox listed twice (or
     * through a group) gets one copy.
     *
     * @throws FolderException {@link FolderException.Reason#STORE_FULL} when the store has no room for
     *     every copy, {@link FolderException.Reason#QUOTA_EXCEEDED} when the sender's mailbox is full: in
     *     both cases nobody gets it
     * @throws IllegalArgumentException for more than {@link #MAX_RECIPIENTS} recipients
     */
    public SubmissionResult deliverSubmission(Mailbox sender, List<String> recipients, byte[] raw) {
        return deliverSubmission(sender, recipients, raw, StoredMessage.NO_SESSION);
    }

    /**
     * A High Volume Email submission: to every tenant recipient, and no Sent Items copy (Office 365's HVE
     * keeps none, and an HVE account has no mailbox to keep it in). The result's
     * {@link SubmissionResult#sentItemsCopy()} is null.
     */
    public SubmissionResult deliverWithoutSentItemsCopy(List<String> recipients, byte[] raw, long submittedBy) {
        checkCount(recipients);
        StoredMessage message = store.newMessage(raw, submittedBy);
        Plan plan = plan(recipients, message);
        Reservation reservation = reserve(message, plan.copies());
        try {
            Copies copies = new Copies(message, reservation);
            return new SubmissionResult(copies.commitAfter(() -> deliver(plan, message, null, copies)), null);
        } finally {
            reservation.releaseUnused();
        }
    }

    /**
     * {@link #deliverSubmission(Mailbox, List, byte[])} for a message the journal session {@code submittedBy} submitted.
     *
     * <p>All copies are staged, then waited for once: the Sent Items file is written and forced, its entry made
     * (quota and folder checks first, so a full sender refuses before anyone has it), each recipient's copy
     * linked to it and entered, and one flush forces every folder's directory and UID list. What a crash can
     * leave: in the process, a recipient's copy is never visible before the Sent Items copy it was made from is
     * durable, and a failed force undoes both. On disk, a power loss during that flush may keep any of the
     * entries not yet forced (a file system orders nothing it was not asked to force), so a recipient's link
     * can survive while the Sent Items entry did not; no {@code 250} was sent for it, the client sends again,
     * and the recipient has the message twice: a duplicate, which SMTP accepts after a lost reply (RFC 5321
     * §6.1), never a loss. The same window existed before between a recipient's forced copy and the reply.
     */
    public SubmissionResult deliverSubmission(Mailbox sender, List<String> recipients, byte[] raw, long submittedBy) {
        checkCount(recipients);
        StoredMessage message = store.newMessage(raw, submittedBy);
        Plan plan = plan(recipients, message);
        Reservation reservation = reserve(message, plan.copies() + 1);
        try {
            // The Sent Items copy first: a full sender mailbox refuses the submission before anyone has it.
            MailFolder sentItems = store.open(sender.address()).folder(SpecialUse.SENT);
            Copies copies = new Copies(message, reservation);
            MailFolder.Pending sent = copies.stage(sender.address(), sentItems, message, Flags.SEEN, null);
            // The recipients' copies are made from the Sent Items copy: in Maildir, links to its file, which
            // is already written and forced, instead of a file each to write and force again. All are forced
            // by one flush and waited for once; none is visible before the Sent Items copy is durable.
            List<RecipientResult> results = copies.commitAfter(() -> deliver(plan, message, sent, copies));
            return new SubmissionResult(results, sent.result());
        } finally {
            reservation.releaseUnused();
        }
    }

    private static void checkCount(List<String> recipients) {
        if (recipients.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("more than " + MAX_RECIPIENTS + " recipients");
        }
    }

    /** Each recipient resolved: its result when nothing is to be stored, else the mailboxes to store into. */
    private record Step(String recipient, RecipientResult result, List<Mailbox> targets) {
    }

    private record Plan(List<Step> steps, int copies) {
    }

    private Plan plan(List<String> recipients, StoredMessage message) {
        List<Step> steps = new ArrayList<>(recipients.size());
        Set<String> targeted = new LinkedHashSet<>();
        for (String r : recipients) {
            RecipientDecision decision = tenant.recipient(r);
            List<Mailbox> targets;
            if (decision instanceof RecipientDecision.Local l) {
                targets = List.of(l.mailbox());
            } else if (decision instanceof RecipientDecision.GroupMembers g) {
                targets = g.members();
            } else if (decision instanceof RecipientDecision.External) {
                steps.add(new Step(r, new RecipientResult.External(r), List.of()));
                continue;
            } else {
                steps.add(new Step(r, new RecipientResult.Unknown(r), List.of()));
                continue;
            }
            RecipientResult tooLarge = null;
            for (Mailbox m : targets) {
                if (message.size() > m.maxReceiveSize()) {
                    tooLarge = new RecipientResult.TooLarge(r, m.maxReceiveSize());
                    break;
                }
            }
            if (tooLarge != null) {
                steps.add(new Step(r, tooLarge, List.of()));
                continue;
            }
            for (Mailbox m : targets) {
                targeted.add(m.address());
            }
            steps.add(new Step(r, null, targets));
        }
        return new Plan(steps, targeted.size());
    }

    /**
     * Stages {@code message} for each recipient, copying {@code copyFrom}'s stored message (a copy staged
     * already, or null): after the first copy, the others are made from it, which in Maildir links its file
     * rather than writing and forcing one more. {@code copies} makes them durable afterwards, together.
     */
    private List<RecipientResult> deliver(Plan plan, StoredMessage message, MailFolder.Pending copyFrom,
            Copies copies) {
        MailFolder.Pending source = copyFrom;
        List<RecipientResult> results = new ArrayList<>(plan.steps().size());
        Set<String> alreadyDelivered = new LinkedHashSet<>();
        for (Step step : plan.steps()) {
            if (step.result() != null) {
                results.add(step.result());
                continue;
            }
            List<String> to = new ArrayList<>();
            List<RecipientResult> full = new ArrayList<>();
            for (Mailbox m : step.targets()) {
                if (!alreadyDelivered.add(m.address())) {
                    to.add(m.address());
                    continue;
                }
                MailboxStore mailbox = store.open(m.address());
                try {
                    MailFolder.Pending staged = copies.stage(m.address(), mailbox.inbox(),
                            source == null ? message : source.stored(), Flags.NONE, source);
                    source = staged;
                    to.add(m.address());
                } catch (FolderException e) {
                    if (e.reason() != FolderException.Reason.QUOTA_EXCEEDED
                            && e.reason() != FolderException.Reason.FOLDER_FULL) {
                        throw e;
                    }
                    alreadyDelivered.remove(m.address());
                    full.add(new RecipientResult.MailboxFull(m.address(), mailbox.quota()));
                }
            }
            if (to.isEmpty() && step.targets().size() == 1) {
                // Reported under the address the sender used (an alias, say), as the other results are.
                results.add(new RecipientResult.MailboxFull(step.recipient(),
                        ((RecipientResult.MailboxFull) full.get(0)).quota()));
                continue;
            }
            if (!to.isEmpty()) {
                results.add(new RecipientResult.Delivered(step.recipient(), to));
            }
            results.addAll(full);
        }
        return results;
    }

    /** A staged copy, to be told to the listeners once it is durable. */
    private record Copy(String mailbox, MailFolder folder, Flags flags, MailFolder.Pending pending) {
    }

    /**
     * The copies of one message staged in their folders, made durable together by one wait: each becomes the
     * store's (its share of the reservation) and is told to the listeners once durable.
     */
    private final class Copies {
        private final StoredMessage message;
        private final Reservation reservation;
        private final List<Copy> staged = new ArrayList<>();

        Copies(StoredMessage message, Reservation reservation) {
            this.message = message;
            this.reservation = reservation;
        }

        MailFolder.Pending stage(String mailbox, MailFolder folder, StoredMessage copy, Flags flags,
                MailFolder.Pending after) {
            MailFolder.Pending pending = folder.stage(copy, flags, true, after);
            staged.add(new Copy(mailbox, folder, flags, pending));
            return pending;
        }

        /**
         * Runs {@code staging}, then waits once for everything it staged, also when it failed part way (copies
         * staged before a failure stay, as they would have one by one); the first failure is thrown.
         */
        <T> T commitAfter(java.util.function.Supplier<T> staging) {
            T result;
            try {
                result = staging.get();
            } catch (RuntimeException e) {
                try {
                    commit();
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            commit();
            return result;
        }

        private void commit() {
            List<MailFolder.Pending> pending = new ArrayList<>(staged.size());
            for (Copy c : staged) {
                pending.add(c.pending());
            }
            try {
                MailFolder.awaitDurable(pending);
            } finally {
                for (Copy c : staged) {
                    if (c.pending().failure == null) {
                        reservation.used++;
                        stored(c.mailbox(), c.folder(), c.pending().result(), c.flags(), message);
                    }
                }
            }
        }
    }

    private void stored(String mailbox, MailFolder folder, MailFolder.AppendResult where, Flags flags,
            StoredMessage message) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.delivered(mailbox, folder.name(), where.uid(), flags, message);
            } catch (RuntimeException e) {
                LOG.warn("A delivery listener failed; the message is stored all the same", e);
            }
        }
    }

    private Reservation reserve(StoredMessage message, int copies) {
        long cost = store.copyCost((long) message.size() * copies, copies);
        if (!store.budget().tryReserve(cost)) {
            throw new FolderException(FolderException.Reason.STORE_FULL, "the store's budget of "
                    + store.budget().limit() + " bytes has no room for " + copies + " copies of " + message.size()
                    + " bytes");
        }
        return new Reservation(message.size(), copies);
    }

    /** The store budget reserved for a message's copies; each stored copy takes its share over. */
    private final class Reservation {
        final long size;
        final int copies;
        int used;

        Reservation(long size, int copies) {
            this.size = size;
            this.copies = copies;
        }

        void releaseUnused() {
            int unused = copies - used;
            if (unused > 0) {
                store.budget().release(store.copyCost(size * unused, unused));
            }
        }
    }
}
