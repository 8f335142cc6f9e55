package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpContent;
import dev.o365emulator.codec.smtp.SmtpRequest;

/**
 * DATA, and the content of every message however it comes (DATA or BDAT): the body grows only while
 * the budget of bodies in flight has room (past it the rest is read and dropped, and the message is
 * refused at its end), and its header may not pass {@link SmtpTransaction#MAX_HEADER_SIZE}.
 */
final class DataHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        if (!request.argument().isBlank()) {
            c.reply(SmtpReplies.INVALID_ARGUMENTS);
            return;
        }
        c.decoder().startData(c.transaction().sizeLimit);
        c.startContent();
        c.reply(SmtpReplies.START_MAIL_INPUT);
    }

    /** A piece of the message's content. */
    static void content(SmtpConnection c, SmtpContent content) {
        SmtpTransaction transaction = c.transaction();
        // A refused BDAT's chunk is read and dropped.
        if (c.hasBdatRefusal() || transaction == null) {
            return;
        }
        boolean wasOver = transaction.overBudget;
        transaction.append(content.content());
        if (transaction.overBudget && !wasOver) {
            c.record().event("message body dropped: the budget of bodies in flight ("
                    + transaction.inFlight.limit() + " bytes) is used up");
        }
    }

    /**
     * Refuses the message if its header is already longer than Exchange's limit; the transaction is then
     * over: the client's RSET gets {@code 250 2.0.0 Resetting}, a further BDAT {@code 503 5.5.2}.
     *
     * @return whether it was refused
     */
    static boolean refusedHeader(SmtpConnection c) {
        SmtpTransaction transaction = c.transaction();
        if (transaction == null || !transaction.headerTooLarge()) {
            return false;
        }
        c.record().event("header longer than " + SmtpTransaction.MAX_HEADER_SIZE + " octets");
        c.reply(SmtpReplies.HEADER_TOO_LARGE);
        c.finishTransaction();
        return true;
    }
}
