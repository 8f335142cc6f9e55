package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.MailParameters;
import dev.o365emulator.codec.smtp.MailPath;
import dev.o365emulator.codec.smtp.SmtpPathParser;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.findings.FindingKinds;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.PresetReplies;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tenant.SlotLimiter;
import java.util.Optional;

/**
 * MAIL FROM, stage {@code mail-from}. A submission (587, 465, or 25 after AUTH) needs TLS and a login;
 * SIZE= is held against the sender's MaxSendSize (150 MiB on the MX) and against the memory the
 * emulator has now; a submission takes one of the mailbox's three concurrent slots.
 */
final class MailHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        SmtpPathParser.MailFrom mailFrom = c.argument(request.mailFrom());
        if (mailFrom == null) {
            return;
        }
        MailPath sender = mailFrom.reversePath();
        if (!sender.isAscii() && !mailFrom.parameters().smtpUtf8()) {
            c.reply(SmtpReplies.NON_ASCII_SENDER);
            return;
        }
        // docs/scenarios.md shows the lines below to session authors ("For session authors").
        // docs:begin stage
        // the stage's event, the plan's decision, then the handler's own work;
        // c.apply(decision, proceed) is executor.apply(decision, SmtpReplyRenderer.RESPONSES, proceed)
        c.apply(c.decide(c.stage(Stage.MAIL_FROM, "MAIL").sender(sender.isNull() ? null : sender.address())),
                () -> mailFrom(c, mailFrom));
        // docs:end
    }

    private static void mailFrom(SmtpConnection c, SmtpPathParser.MailFrom mailFrom) {
        boolean submission = c.isSubmission();
        if (submission && !c.tls()) {
            c.reply(PresetReplies.STARTTLS_REQUIRED);
            return;
        }
        if (submission && c.login() == null) {
            if (c.lastAuthRefusal() != null) {
                FindingKinds.IGNORED_ENHANCED_CODE.report(c.record());
            }
            c.reply(notAuthenticated(c));
            return;
        }
        MailParameters parameters = mailFrom.parameters();
        long limit = submission ? c.login().maxSendSize() : SmtpCatalogue.ADVERTISED_SIZE;
        if (parameters.size().isPresent() && parameters.size().getAsLong() > limit) {
            c.reply(SmtpReplies.SIZE_EXCEEDED);
            return;
        }
        if (parameters.size().isPresent() && !roomFor(c, parameters.size().getAsLong())) {
            // RFC 1870 §6.1: a size the server cannot take now, though it could later, gets a 452 here.
            c.record().event("SIZE=" + parameters.size().getAsLong() + " refused: no room in memory now");
            c.reply(SmtpReplies.INSUFFICIENT_RESOURCES);
            return;
        }
        SlotLimiter.Slot slot = null;
        if (submission) {
            Optional<SlotLimiter.Slot> acquired = c.context().tenant().submissions().tryAcquireSlot(c.login().address());
            if (acquired.isEmpty()) {
                c.reply(PresetReplies.SUBMISSION_THROTTLED, "host", c.context().identity().mailboxServerFqdn());
                return;
            }
            slot = acquired.get();
        }
        c.begin(new SmtpTransaction(mailFrom.reversePath(), parameters.smtpUtf8(), parameters.size(), limit, slot,
                c.context().delivery().inFlight()));
        c.transaction().declared8Bit = parameters.body().filter(b -> b != MailParameters.Body.SEVEN_BIT).isPresent();
        c.reply(SmtpReplies.SENDER_OK);
    }

    /** {@code 530 5.7.57}, carrying the refusal of an earlier AUTH when there was one. */
    private static SmtpResponse notAuthenticated(SmtpConnection c) {
        Office365Reply refused = c.lastAuthRefusal();
        if (refused == null) {
            return c.response(PresetReplies.CLIENT_NOT_AUTHENTICATED);
        }
        // The refusal's own line, without its trailer.
        String line = SmtpReplyRenderer.lines(SmtpReplyRenderer.response(refused)).get(0);
        return c.response(SmtpCatalogue.NOT_AUTHENTICATED_AFTER_FAILURE, "authError", line);
    }

    /** Whether a body of {@code size} octets fits, now, in the bodies in flight and in the store. */
    private static boolean roomFor(SmtpConnection c, long size) {
        return size <= c.context().delivery().inFlight().available()
                && MailStore.cost(size, 1) <= c.context().store().budget().available();
    }
}
