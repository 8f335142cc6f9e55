package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpPathParser;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.RecipientDecision;
import java.util.OptionalLong;

/**
 * RCPT TO, stage {@code rcpt-to}. A submission accepts any recipient here (unknown ones get a
 * non-delivery report afterwards); the MX accepts only the tenant's addresses ({@code 550 5.4.1} for
 * unknown ones in an accepted domain, {@code 550 5.7.64} for other domains, {@code 550 5.7.68} for Direct
 * Send when the tenant rejects it). The High Volume Email endpoint delivers inside the tenant only: a
 * recipient outside its accepted domains gets {@code 550 5.7.1}. SIZE= is held against each
 * recipient's MaxReceiveSize, and the tenant's recipients-per-message limit applies.
 */
final class RcptHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        SmtpPathParser.RcptTo rcptTo = c.argument(request.rcptTo());
        if (rcptTo == null) {
            return;
        }
        if (!rcptTo.forwardPath().isAscii() && !c.transaction().smtpUtf8) {
            c.reply(SmtpReplies.NON_ASCII_RECIPIENT);
            return;
        }
        c.apply(c.decide(c.stage(Stage.RCPT_TO, "RCPT").recipient(rcptTo.forwardPath().address())),
                () -> rcptTo(c, rcptTo.forwardPath().address()));
    }

    private static void rcptTo(SmtpConnection c, String address) {
        SmtpTransaction transaction = c.transaction();
        if (transaction.recipients.size() >= c.context().tenant().settings().limits().maxRecipientsPerMessage()) {
            c.reply(SmtpReplies.TOO_MANY_RECIPIENTS);
            return;
        }
        OptionalLong declared = transaction.declaredSize;
        boolean submission = c.isSubmission();
        RecipientDecision decision = null;
        if (!submission) {
            decision = c.context().tenant().recipient(address);
            if (decision instanceof RecipientDecision.External) {
                c.reply(SmtpCatalogue.MX_RELAY_DENIED);
                return;
            }
            // The recipient attributes the message to the tenant; its Direct Send setting is decided
            // before the directory is asked whether the recipient exists.
            if (rejectedDirectSend(c, transaction)) {
                c.reply(SmtpCatalogue.DIRECT_SEND_REJECTED);
                return;
            }
            if (decision instanceof RecipientDecision.UnknownInAcceptedDomain) {
                c.reply(SmtpCatalogue.MX_RECIPIENT_REJECTED);
                return;
            }
        } else if (c.hve() || declared.isPresent()) {
            decision = c.context().tenant().recipient(address);
            if (c.hve() && decision instanceof RecipientDecision.External) {
                c.reply(SmtpCatalogue.HVE_EXTERNAL_RECIPIENT);
                return;
            }
        }
        long receiveLimit = decision == null ? Long.MAX_VALUE : receiveLimit(decision);
        if (declared.isPresent() && declared.getAsLong() > receiveLimit) {
            // What Office 365 would report for this recipient after accepting the message (its NDR), said
            // before the body is sent: a recipient that cannot take it costs no buffer.
            c.reply(SmtpReplies.RECIPIENT_SIZE_EXCEEDED);
            return;
        }
        if (!submission) {
            // A message larger than every MX recipient's MaxReceiveSize is refused after the body anyway
            // (552 5.3.4): it need not be buffered past the largest of them.
            transaction.largestReceiveSize = Math.max(transaction.largestReceiveSize, receiveLimit);
            transaction.sizeLimit = Math.min(SmtpCatalogue.ADVERTISED_SIZE, transaction.largestReceiveSize);
            c.decoder().setMaxMessageSize(transaction.sizeLimit);
        }
        transaction.recipients.add(address);
        c.state(SmtpState.RCPT);
        c.reply(SmtpReplies.RECIPIENT_OK);
    }

    /** Anonymous mail on the MX from an accepted domain (Direct Send), and the tenant rejects it. */
    private static boolean rejectedDirectSend(SmtpConnection c, SmtpTransaction transaction) {
        if (!c.context().tenant().settings().rejectDirectSend() || transaction.from.isNull()) {
            return false;
        }
        String sender = transaction.from.address();
        int at = sender.lastIndexOf('@');
        return at > 0 && c.context().tenant().settings().isAcceptedDomain(sender.substring(at + 1));
    }

    /** The largest message the recipient accepts: its MaxReceiveSize, a group's smallest member's. */
    private static long receiveLimit(RecipientDecision decision) {
        if (decision instanceof RecipientDecision.Local l) {
            return l.mailbox().maxReceiveSize();
        }
        if (decision instanceof RecipientDecision.GroupMembers g) {
            return g.members().stream().mapToLong(Mailbox::maxReceiveSize).min().orElse(Long.MAX_VALUE);
        }
        return Long.MAX_VALUE;
    }
}
