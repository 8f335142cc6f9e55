package dev.o365emulator.server.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A message as one folder of a mailbox holds it: where it is, its flags, its exact bytes, the
 * session that submitted it, and a parsed view of its headers, bodies and attachments.
 *
 * <pre>{@code
 * MailMessage m = emulator.mail().messages("alex@contoso.com", Mail.INBOX).get(0);
 * m.subject();                                  // "Invoice 42"
 * m.parsed().envelope().from();                 // [MailAddress[name=Adele Vance, address=adele@contoso.com]]
 * m.attachments();                              // [Attachment[name=invoice.pdf, contentType=application/pdf, size=48213]]
 * m.submittedBy().ifPresent(id -> emulator.sessions().get(id));   // the SMTP session it came from
 * }</pre>
 *
 * <p>A value taken at the moment of the call: later flag changes or an expunge do not show in it.
 * The bytes are parsed on the first call that needs them; a malformed message still parses (what
 * cannot be read is left out), so no accessor throws for the message's content.
 */
public interface MailMessage {

    /** The mailbox (its primary address) the message is in: for a delivery, the envelope recipient. */
    String mailbox();

    /** The folder's IMAP name: {@code INBOX}, {@code Sent Items}… */
    String folder();

    /** The message's IMAP UID in its folder. */
    long uid();

    /** System flags ({@code \Seen}, {@code \Answered}, {@code \Flagged}, {@code \Deleted}, {@code \Draft}) and keywords. */
    Set<String> flags();

    /** When the message reached the store (IMAP's INTERNALDATE). */
    Instant received();

    /** The size in bytes (IMAP's RFC822.SIZE). */
    int size();

    /**
     * The {@linkplain dev.o365emulator.server.journal.Session#id() id} of the SMTP session that
     * submitted or relayed the message; empty for mail that did not come over SMTP (an IMAP
     * {@code APPEND}, {@link Mail#append}, {@link Mail#deliver}, pre-loaded files).
     */
    OptionalLong submittedBy();

    /** The stored bytes, exactly (a copy). */
    byte[] raw();

    /** The stored bytes as text, ISO-8859-1 so that every byte maps to one character. */
    default String rawText() {
        return new String(raw(), StandardCharsets.ISO_8859_1);
    }

    /** The parsed view: headers, envelope, text and HTML bodies, attachments. */
    ParsedMessage parsed();

    /** The decoded Subject, or the empty string when there is none. */
    default String subject() {
        return parsed().envelope().subject();
    }

    /** The addresses of the From header. */
    default List<String> from() {
        return MailAddress.addresses(parsed().envelope().from());
    }

    /** The addresses of the To header, group members included. */
    default List<String> to() {
        return MailAddress.addresses(parsed().envelope().to());
    }

    /** The addresses of the Cc header, group members included. */
    default List<String> cc() {
        return MailAddress.addresses(parsed().envelope().cc());
    }

    /** Every value of a header, decoded (RFC 2047), in order; empty when absent. */
    default List<String> header(String name) {
        return parsed().header(name);
    }

    /** The first {@code text/plain} body that is not an attachment, decoded. */
    default Optional<String> text() {
        return parsed().text();
    }

    /** The first {@code text/html} body that is not an attachment, decoded. */
    default Optional<String> html() {
        return parsed().html();
    }

    /** Parts with a file name or an {@code attachment} disposition, in order. */
    default List<Attachment> attachments() {
        return parsed().attachments();
    }

    /**
     * Whether the mailbox got the message without being named in To or Cc: a Bcc recipient of the
     * envelope.
     */
    default boolean isBlindCopy() {
        String me = mailbox().toLowerCase(Locale.ROOT);
        return to().stream().noneMatch(me::equalsIgnoreCase) && cc().stream().noneMatch(me::equalsIgnoreCase);
    }
}
