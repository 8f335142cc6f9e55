package dev.o365emulator.server.mail;

import java.util.List;
import java.util.Objects;

/**
 * The envelope of a message as IMAP's {@code ENVELOPE} describes it (RFC 3501 §7.4.2): what its
 * Date, Subject, address and id headers say. An absent header gives an empty string or list.
 *
 * @param date the Date header as written
 * @param subject the decoded Subject
 * @param from the From addresses
 * @param sender the Sender addresses (IMAP reports From when there is none; this does not)
 * @param replyTo the Reply-To addresses
 * @param to the To addresses, group members included
 * @param cc the Cc addresses, group members included
 * @param bcc the Bcc addresses, if the stored message kept a Bcc header (Office 365 strips it on delivery)
 * @param inReplyTo the In-Reply-To header
 * @param messageId the Message-ID header, angle brackets included
 */
public record MessageEnvelope(String date, String subject, List<MailAddress> from, List<MailAddress> sender,
        List<MailAddress> replyTo, List<MailAddress> to, List<MailAddress> cc, List<MailAddress> bcc,
        String inReplyTo, String messageId) {

    public MessageEnvelope {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(subject, "subject");
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        Objects.requireNonNull(messageId, "messageId");
    }
}
