package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpChunkEnd;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.server.internal.fault.FaultDecision;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;

/**
 * BDAT (RFC 3030). The decoder reads the chunk whatever is answered, so a refusal (out of sequence, or a
 * rule's reply) waits until the chunk has been read and answers it then, in place of the
 * acknowledgement. The last chunk ends the message as DATA's dot does ({@link EndOfMessage}).
 */
final class BdatHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        if (c.state() != SmtpState.CONTENT) {
            c.startContent();
        }
    }

    @Override
    public void refuse(SmtpConnection c, SmtpResponse reply) {
        c.bdatRefusal(reply);
    }

    @Override
    public void decided(SmtpConnection c, FaultDecision decision, Runnable proceed) {
        if (decision.reply() != null && decision.fault() == null) {
            // The rule's reply answers the chunk when it ends (after the rule's delay, if any), in place
            // of the session's own reply, never beside it.
            SmtpResponse refusal = SmtpReplyRenderer.response(decision.reply());
            c.apply(decision.delayOnly(), () -> c.bdatRefusal(refusal));
            return;
        }
        c.apply(decision, proceed);
    }

    /** A chunk that is not the last has been read. */
    static void chunkEnd(SmtpConnection c, SmtpChunkEnd end) {
        c.record().event("BDAT chunk of " + end.chunkSize() + " octets");
        SmtpResponse refusal = c.takeBdatRefusal();
        if (refusal != null) {
            c.reply(refusal);
            return;
        }
        SmtpTransaction transaction = c.transaction();
        if (transaction != null && transaction.overBudget) {
            // Like a header refusal: the transaction ends here, a further BDAT gets "503 5.5.2".
            c.reply(SmtpReplies.INSUFFICIENT_RESOURCES);
            c.finishTransaction();
            return;
        }
        if (DataHandler.refusedHeader(c)) {
            return;
        }
        c.reply(SmtpCatalogue.CHUNK_RECEIVED, "octets", Long.toString(end.chunkSize()));
    }
}
