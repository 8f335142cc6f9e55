package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.LastSmtpContent;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.StoreWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The end of a message's content (DATA's dot, or the last BDAT chunk): the checks that need the whole
 * body, stage {@code message}, then the {@link SubmissionPipeline} or, on the MX, the
 * {@link InboundPipeline}; their outcome is rendered here. Whatever is answered ends the transaction.
 */
final class EndOfMessage {

    private EndOfMessage() {
    }

    static void lastContent(SmtpConnection c, LastSmtpContent last) {
        c.record().event("message content: " + last.messageSize() + " octets");
        SmtpTransaction transaction = c.transaction();
        if (c.hasBdatRefusal()) {
            c.reply(c.takeBdatRefusal());
            return;
        }
        if (transaction == null || transaction.body == null && !transaction.overBudget) {
            return;
        }
        // Too large is permanent and said first: a transient refusal would only make the sender retry.
        if (last.tooLarge()) {
            c.reply(c.isSubmission() ? c.response(SmtpCatalogue.SUBMISSION_TOO_LARGE, "mailboxServer",
                    c.context().identity().mailboxServerFqdn()) : SmtpReplies.SIZE_EXCEEDED);
            c.finishTransaction();
            return;
        }
        if (transaction.overBudget) {
            c.reply(SmtpReplies.INSUFFICIENT_RESOURCES);
            c.finishTransaction();
            return;
        }
        // Exchange's limit is on the message, whichever way it came; the capture shows it after BDAT.
        if (DataHandler.refusedHeader(c)) {
            return;
        }
        MailStore store = c.context().store();
        if (store.budget().available() < MailStore.cost(transaction.body.readableBytes(), 1)) {
            // Refused before the body is copied onto the heap; delivery checks the budget exactly again.
            c.record().event("message refused: the store's budget (" + store.budget().limit()
                    + " bytes) has no room for it");
            c.reply(SmtpReplies.INSUFFICIENT_RESOURCES);
            c.finishTransaction();
            return;
        }
        message(c, transaction.takeBody());
    }

    /** Stage {@code message}: the body is complete; a rule's reply refuses it and ends the transaction. */
    private static void message(SmtpConnection c, byte[] client) {
        SmtpTransaction transaction = c.transaction();
        MessageHeaders headers = MessageHeaders.read(client);
        SmtpFindings.message(c, client, headers);
        // The From header is the address a SendAs refusal names ("not allowed to send as <from>").
        String sender = !headers.from().isEmpty() ? headers.from().get(0)
                : transaction.from.isNull() ? null : transaction.from.address();
        c.apply(c.decide(c.stage(Stage.MESSAGE, null).sender(sender)), () -> {
            if (c.isSubmission()) {
                submit(c, client, headers);
            } else {
                InboundPipeline inbound = inbound(c);
                List<String> recipients = List.copyOf(c.transaction().recipients);
                TraceHeaders.Origin origin = c.origin();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - c.transaction().contentStart);
                store(c, () -> inbound.receive(recipients, client, headers, origin, elapsed));
            }
        }, c::finishTransaction);
    }

    private static void submit(SmtpConnection c, byte[] client, MessageHeaders headers) {
        SubmissionPipeline pipeline = submission(c);
        SubmissionPipeline.Admission admission = pipeline.admit(c.login(), c.transaction().from,
                c.transaction().recipients, client, headers, c.origin());
        if (admission instanceof SubmissionPipeline.Refused refused) {
            answer(c, refused.reply());
            return;
        }
        SubmissionPipeline.Admitted admitted = (SubmissionPipeline.Admitted) admission;
        Duration delay = admitted.delay();
        if (delay.isZero() || delay.isNegative()) {
            store(c, () -> pipeline.deliver(admitted.message()));
            return;
        }
        // Office 365 holds messages beyond 30 a minute back; here the 250 waits, on the event loop's timer.
        // A client that leaves before it never had the message accepted, so it is not delivered.
        c.executor().schedule(delay, () -> store(c, () -> pipeline.deliver(admitted.message())));
    }

    /**
     * Runs a delivery and answers with its outcome. A store whose writes block (Maildir) is written on its
     * {@link StoreWriter}, off the event loop, and the reply follows once the message is durable; the
     * session reads nothing more meanwhile, so pipelined commands are answered after it, in order. When
     * every writer is busy and the queue full, the message is refused as the store's budget refuses one:
     * {@code 452 4.3.1}, transient, so the sender retries; nothing was stored.
     */
    private static void store(SmtpConnection c, Supplier<Office365Reply> delivery) {
        StoreWriter writer = c.context().store().writer();
        if (writer == null) {
            answer(c, delivery.get());
        } else if (!c.executor().offload(writer, delivery, outcome -> answer(c, outcome))) {
            c.record().event("message refused: every store writer is busy and " + writer.queued()
                    + " writes wait");
            c.reply(SmtpReplies.INSUFFICIENT_RESOURCES);
            c.finishTransaction();
        }
    }

    /** Says the pipeline's outcome and ends the transaction. */
    private static void answer(SmtpConnection c, Office365Reply outcome) {
        c.reply(SmtpReplyRenderer.response(outcome));
        c.finishTransaction();
    }

    private static SubmissionPipeline submission(SmtpConnection c) {
        EndpointContext context = c.context();
        return new SubmissionPipeline(context.tenant(), context.delivery(), context.identity(), context.clock(),
                c.options().sendAsDeniedForm(), c.record()::event, c.record().index(), c.hve());
    }

    private static InboundPipeline inbound(SmtpConnection c) {
        EndpointContext context = c.context();
        return new InboundPipeline(context.delivery(), context.identity(), context.clock(), c.record()::event,
                c.record().index());
    }
}
