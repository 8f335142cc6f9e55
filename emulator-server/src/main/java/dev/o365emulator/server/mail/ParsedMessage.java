package dev.o365emulator.server.mail;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message's content as a reader sees it: its header fields, the envelope IMAP builds from them,
 * the text and HTML bodies and the attachments.
 *
 * @param headers every header field of the top-level message, in order, values decoded (RFC 2047)
 * @param envelope the addresses, subject, date and ids, as IMAP's {@code ENVELOPE} gives them
 * @param text the first {@code text/plain} body that is not an attachment, decoded to text
 * @param html the first {@code text/html} body that is not an attachment, decoded to text
 * @param attachments parts with a file name or an {@code attachment} disposition, in order
 */
public record ParsedMessage(List<Header> headers, MessageEnvelope envelope, Optional<String> text,
        Optional<String> html, List<Attachment> attachments) {

    public ParsedMessage {
        headers = List.copyOf(headers);
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        attachments = List.copyOf(attachments);
    }

    /** Every value of a header (any case of its name), in order; empty when absent. */
    public List<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }
}
