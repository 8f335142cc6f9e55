package dev.o365emulator.testkit;

import dev.o365emulator.server.mail.MailAddress;
import dev.o365emulator.server.mail.MailMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A message as it arrived in a mailbox folder of the emulator: where it is, its flags, its exact
 * bytes, and a parsed view of headers, bodies and attachments for assertions. A view over the
 * emulator's {@link MailMessage}: the parsing is the server's own, done once per message.
 */
public final class ReceivedMessage {

    /** An attachment: file name, MIME type and decoded size in bytes. */
    public record Attachment(String name, String contentType, long size) {}

    private final MailMessage message;

    ReceivedMessage(MailMessage message) {
        this.message = message;
    }

    /** The mailbox (its primary address) the message was delivered to: the envelope recipient. */
    public String mailbox() {
        return message.mailbox();
    }

    /** The folder, as IMAP shows it: {@code INBOX}, {@code Sent Items}… */
    public String folder() {
        return message.folder();
    }

    public long uid() {
        return message.uid();
    }

    /** System flags ({@code \Seen}…) and keywords. */
    public Set<String> flags() {
        return message.flags();
    }

    public Instant internalDate() {
        return message.received();
    }

    /** The stored bytes, exactly (a copy). */
    public byte[] raw() {
        return message.raw();
    }

    /** The stored bytes as text (ISO-8859-1, so every byte maps to one char). */
    public String rawText() {
        return message.rawText();
    }

    /** Addresses of the From header. */
    public List<String> from() {
        return message.from();
    }

    /** Addresses of the To header. */
    public List<String> to() {
        return message.to();
    }

    /** Addresses of the Cc header. */
    public List<String> cc() {
        return message.cc();
    }

    /** Addresses of a Bcc header, if the message kept one (Office 365 strips it on delivery). */
    public List<String> bccHeader() {
        return MailAddress.addresses(message.parsed().envelope().bcc());
    }

    /**
     * Whether the mailbox received this message without being named in To or Cc: a Bcc recipient
     * of the envelope.
     */
    public boolean isBlindCopy() {
        return message.isBlindCopy();
    }

    /** The decoded Subject, or empty when there is none. */
    public String subject() {
        return message.subject();
    }

    /** Every value of a header, decoded (RFC 2047), in order; empty when absent. */
    public List<String> header(String name) {
        return message.header(name);
    }

    /** The first {@code text/plain} part, decoded, or empty. */
    public Optional<String> text() {
        return message.text();
    }

    /** The first {@code text/html} part, decoded, or empty. */
    public Optional<String> html() {
        return message.html();
    }

    /** Parts with a file name or an {@code attachment} disposition, in order. */
    public List<Attachment> attachments() {
        return message.attachments().stream().map(a -> new Attachment(a.name(), a.contentType(), a.size())).toList();
    }

    /** A short description for assertion messages: folder, UID, From, Subject. */
    @Override
    public String toString() {
        return mailbox() + "/" + folder() + " uid " + uid() + " from " + safe(this::from) + " subject \""
                + safe(this::subject) + "\"";
    }

    private static String safe(java.util.function.Supplier<Object> part) {
        try {
            return String.valueOf(part.get());
        } catch (RuntimeException unparseable) {
            return "?";
        }
    }
}
