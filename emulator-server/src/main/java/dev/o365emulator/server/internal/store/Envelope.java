package dev.o365emulator.server.internal.store;

import java.util.List;

/**
 * The fields of an IMAP ENVELOPE, from a message's (or an embedded message's) header.
 *
 * <p>String fields are the unfolded raw header values (encoded words kept), {@code null} when the
 * header is absent. Address lists are parsed leniently with mime4j; a group's members stand between
 * its start and end markers (RFC 3501 §7.4.2); an unparseable list is empty. As RFC 3501 asks,
 * {@code sender} and {@code replyTo} default to {@code from} when their headers are absent or empty.
 */
public record Envelope(
        String date,
        String subject,
        List<EnvelopeAddress> from,
        List<EnvelopeAddress> sender,
        List<EnvelopeAddress> replyTo,
        List<EnvelopeAddress> to,
        List<EnvelopeAddress> cc,
        List<EnvelopeAddress> bcc,
        String inReplyTo,
        String messageId) {

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }
}
