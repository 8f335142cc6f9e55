package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.MailPath;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.SendDecision;
import dev.o365emulator.server.internal.tenant.SubmissionDecision;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What happens to a submitted message once its body is complete, in Exchange Online's order: the
 * SendAs / SendOnBehalf check of the envelope sender and every From address, the submission limits
 * (recipients a day, the messages-per-minute rate), the trace header fields ({@link TraceHeaders}),
 * delivery to every tenant recipient and a copy in the sender's Sent Items, and a
 * {@link NonDeliveryReport} in the sender's Inbox for the recipients that could not get it.
 *
 * <p>A High Volume Email submission ({@code hve}) counts toward HVE's own recipients a day and keeps no
 * Sent Items copy; its non-delivery reports have no mailbox to go to, so the journal tells of them.
 *
 * <p>Two steps, because the rate limit delays the {@code 250} rather than refusing: {@link #admit}
 * decides (and prepares the message), {@link #deliver} stores. Each returns the catalogue reply the
 * session renders; what happened is told to {@code journal}. No network, no channel: a test drives it
 * with a tenant, a delivery and a clock.
 */
final class SubmissionPipeline {

    /** Longest address echoed in a SendAs refusal, so the reply stays within its line limit. */
    private static final int MAX_ECHOED_ADDRESS = 256;

    private final Tenant tenant;
    private final MailDelivery delivery;
    private final HostIdentity identity;
    private final Clock clock;
    private final SendAsDeniedForm sendAsDeniedForm;
    private final Consumer<String> journal;

    private final long sessionId;
    private final boolean highVolume;

    SubmissionPipeline(Tenant tenant, MailDelivery delivery, HostIdentity identity, Clock clock,
            SendAsDeniedForm sendAsDeniedForm, Consumer<String> journal) {
        this(tenant, delivery, identity, clock, sendAsDeniedForm, journal, 0, false);
    }

    /**
     * A pipeline whose stored messages name journal session {@code sessionId} as the one that submitted
     * them (0: none), for the High Volume Email endpoint when {@code highVolume}.
     */
    SubmissionPipeline(Tenant tenant, MailDelivery delivery, HostIdentity identity, Clock clock,
            SendAsDeniedForm sendAsDeniedForm, Consumer<String> journal, long sessionId, boolean highVolume) {
        this.sessionId = sessionId;
        this.highVolume = highVolume;
        this.tenant = Objects.requireNonNull(tenant);
        this.delivery = Objects.requireNonNull(delivery);
        this.identity = Objects.requireNonNull(identity);
        this.clock = Objects.requireNonNull(clock);
        this.sendAsDeniedForm = Objects.requireNonNull(sendAsDeniedForm);
        this.journal = Objects.requireNonNull(journal);
    }

    /** The outcome of {@link #admit}. */
    sealed interface Admission permits Refused, Admitted {
    }

    /** Refused before anything was stored; the reply says why. */
    record Refused(Office365Reply reply) implements Admission {
    }

    /** Accepted: deliver {@code message} after {@code delay} (zero unless the rate limit holds it back). */
    record Admitted(Message message, Duration delay) implements Admission {
    }

    /**
     * A message ready to be stored: the client's bytes behind the trace header fields.
     *
     * @param messageId the id the {@code 250} names
     */
    record Message(Mailbox sender, List<String> recipients, byte[] raw, MessageHeaders headers, String messageId) {
    }

    /**
     * The checks, in order, then the trace header fields.
     *
     * @param login the authenticated mailbox that submits
     * @param client the message as the client sent it
     */
    Admission admit(Mailbox login, MailPath from, List<String> recipients, byte[] client, MessageHeaders headers,
            TraceHeaders.Origin origin) {
        String mailboxServer = identity.mailboxServerFqdn();
        // Exchange checks the envelope sender and the From header alike.
        List<String> senders = new ArrayList<>(headers.from());
        if (!from.isNull()) {
            senders.add(0, from.address());
        }
        boolean onBehalf = false;
        for (String sender : senders) {
            SendDecision decision = tenant.sendAs(login, sender);
            if (!decision.allowed()) {
                journal.accept("SendAs denied: " + login.address() + " may not send as " + sender);
                return new Refused(sendAsDenied(sendAsDeniedForm, login.address(), bounded(sender), mailboxServer));
            }
            onBehalf |= decision instanceof SendDecision.SendOnBehalf;
        }
        SubmissionDecision admitted = tenant.submissions().admit(login.address(), recipients.size(), highVolume);
        if (admitted instanceof SubmissionDecision.Refused refused) {
            journal.accept("submission refused by the " + refused.limit() + " limit");
            return new Refused(refused.limit() == SubmissionDecision.Limit.RECIPIENTS_PER_DAY
                    ? SmtpCatalogue.SUBMISSION_QUOTA_EXCEEDED.with(ReplyArgs.of("mailboxServer", mailboxServer))
                    : SmtpCatalogue.TOO_MANY_RECIPIENTS);
        }
        String messageId = MessageIds.echoable(headers);
        StringBuilder prefix = new StringBuilder(TraceHeaders.received(origin, identity.fqdn(), clock.instant()));
        if (onBehalf && !headers.hasSender()) {
            prefix.append("Sender: ").append(login.address()).append("\r\n");
        }
        if (headers.messageId() == null) {
            messageId = MessageIds.generate(mailboxServer);
            prefix.append("Message-ID: ").append(messageId).append("\r\n");
        } else if (messageId == null) {
            messageId = MessageIds.generate(mailboxServer);
        }
        byte[] raw = concat(prefix.toString().getBytes(StandardCharsets.UTF_8), client);
        Duration delay = ((SubmissionDecision.Admitted) admitted).delay();
        if (!delay.isZero() && !delay.isNegative()) {
            journal.accept("submission delayed " + delay.toMillis() + " ms by the messages-per-minute rate");
        }
        return new Admitted(new Message(login, List.copyOf(recipients), raw, headers, messageId), delay);
    }

    /** Stores the message for every recipient and the sender's Sent Items; a non-delivery report for the rest. */
    Office365Reply deliver(Message message) {
        String mailboxServer = identity.mailboxServerFqdn();
        try {
            MailDelivery.SubmissionResult result = highVolume
                    ? delivery.deliverWithoutSentItemsCopy(message.recipients(), message.raw(), sessionId)
                    : delivery.deliverSubmission(message.sender(), message.recipients(), message.raw(), sessionId);
            List<NonDeliveryReport.Failure> failures = new ArrayList<>();
            for (MailDelivery.RecipientResult r : result.recipients()) {
                if (r instanceof MailDelivery.RecipientResult.Unknown u) {
                    failures.add(NonDeliveryReport.Failure.notFound(u.recipient()));
                } else if (r instanceof MailDelivery.RecipientResult.TooLarge t) {
                    failures.add(NonDeliveryReport.Failure.tooLarge(t.recipient()));
                } else if (r instanceof MailDelivery.RecipientResult.MailboxFull f) {
                    failures.add(NonDeliveryReport.Failure.mailboxFull(f.recipient()));
                }
            }
            if (!failures.isEmpty()) {
                sendNonDeliveryReport(message, failures);
            }
            journal.accept("submitted " + message.messageId() + " to " + message.recipients().size() + " recipient(s)");
            return SmtpCatalogue.QUEUED.with(ReplyArgs.of("messageId", message.messageId(),
                    "mailboxServer", mailboxServer));
        } catch (FolderException full) {
            // Nothing was stored: the store's budget is transient, the sender's own quota is not.
            journal.accept("submission failed: " + full.getMessage());
            return full instanceof StorageException ? SmtpCatalogue.INSUFFICIENT_STORAGE
                    : full.reason() == FolderException.Reason.STORE_FULL ? SmtpCatalogue.INSUFFICIENT_RESOURCES
                    : SmtpCatalogue.SUBMISSION_MAILBOX_FULL.with(ReplyArgs.of("mailboxServer", mailboxServer));
        }
    }

    /** The SendAs refusal after the body, in the configured wording. */
    static Office365Reply sendAsDenied(SendAsDeniedForm form, String login, String from, String mailboxServer) {
        Office365Reply reply = switch (form) {
            case CURRENT -> SmtpCatalogue.SENDAS_DENIED;
            case LEGACY -> SmtpCatalogue.SENDAS_DENIED_LEGACY;
        };
        return reply.with(ReplyArgs.of("user", login, "sender", from, "mailboxServer", mailboxServer));
    }

    private void sendNonDeliveryReport(Message message, List<NonDeliveryReport.Failure> failures) {
        Mailbox sender = message.sender();
        if (highVolume) {
            // An HVE account is a mail user without a mailbox here: the report is told, not stored.
            journal.accept("non-delivery report not stored (an HVE account has no mailbox) for "
                    + failures.stream().map(NonDeliveryReport.Failure::recipient).toList());
            return;
        }
        byte[] raw = message.raw();
        int headerEnd = MessageHeaders.read(raw).headerEnd();
        byte[] originalHeader = new byte[headerEnd];
        System.arraycopy(raw, 0, originalHeader, 0, headerEnd);
        byte[] report = NonDeliveryReport.build(systemDomain(), sender.address(), identity.mailboxServerFqdn(),
                message.headers().subject(), originalHeader, failures, clock.instant());
        try {
            MailDelivery.RecipientResult stored = delivery.deliver(sender.address(), report);
            journal.accept((stored instanceof MailDelivery.RecipientResult.Delivered ? "non-delivery report to "
                    : "non-delivery report lost (" + stored + ") to ") + sender.address() + " for "
                    + failures.stream().map(NonDeliveryReport.Failure::recipient).toList());
        } catch (FolderException full) {
            journal.accept("non-delivery report lost: " + full.getMessage());
        }
    }

    /** The tenant's {@code .onmicrosoft.com} domain, where Exchange's system mailbox lives. */
    private String systemDomain() {
        List<String> domains = tenant.settings().acceptedDomains();
        return domains.stream().filter(d -> d.endsWith(".onmicrosoft.com")).findFirst().orElse(domains.get(0));
    }

    private static String bounded(String text) {
        return text.length() <= MAX_ECHOED_ADDRESS ? text : text.substring(0, MAX_ECHOED_ADDRESS);
    }

    static byte[] concat(byte[] head, byte[] tail) {
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
