package dev.o365emulator.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.dom.field.UnstructuredField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * A message as it arrived in a mailbox folder of the emulator: where it is, its flags, its exact
 * bytes, and a parsed view of headers, bodies and attachments for assertions.
 */
public final class ReceivedMessage {

    /** An attachment: file name, MIME type and decoded size in bytes. */
    public record Attachment(String name, String contentType, long size) {}

    private final String mailbox;
    private final String folder;
    private final long uid;
    private final Set<String> flags;
    private final Instant internalDate;
    private final byte[] raw;
    private Message parsed;

    ReceivedMessage(String mailbox, String folder, long uid, Set<String> flags, Instant internalDate, byte[] raw) {
        this.mailbox = mailbox;
        this.folder = folder;
        this.uid = uid;
        this.flags = Set.copyOf(flags);
        this.internalDate = internalDate;
        this.raw = raw;
    }

    /** The mailbox (its primary address) the message was delivered to: the envelope recipient. */
    public String mailbox() {
        return mailbox;
    }

    /** The folder, as IMAP shows it: {@code INBOX}, {@code Sent Items}… */
    public String folder() {
        return folder;
    }

    public long uid() {
        return uid;
    }

    /** System flags ({@code \Seen}…) and keywords. */
    public Set<String> flags() {
        return flags;
    }

    public Instant internalDate() {
        return internalDate;
    }

    /** The stored bytes, exactly (a copy). */
    public byte[] raw() {
        return raw.clone();
    }

    /** The stored bytes as text (ISO-8859-1, so every byte maps to one char). */
    public String rawText() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** Addresses of the From header. */
    public List<String> from() {
        return addresses(message().getFrom());
    }

    /** Addresses of the To header. */
    public List<String> to() {
        return addresses(message().getTo());
    }

    /** Addresses of the Cc header. */
    public List<String> cc() {
        return addresses(message().getCc());
    }

    /** Addresses of a Bcc header, if the message kept one (Office 365 strips it on delivery). */
    public List<String> bccHeader() {
        return addresses(message().getBcc());
    }

    /**
     * Whether the mailbox received this message without being named in To or Cc: a Bcc recipient
     * of the envelope.
     */
    public boolean isBlindCopy() {
        String me = mailbox.toLowerCase(Locale.ROOT);
        return to().stream().noneMatch(a -> a.equalsIgnoreCase(me)) && cc().stream().noneMatch(a -> a.equalsIgnoreCase(me));
    }

    /** The decoded Subject, or empty when there is none. */
    public String subject() {
        String subject = message().getSubject();
        return subject == null ? "" : subject;
    }

    /** Every value of a header, decoded (RFC 2047), in order; empty when absent. */
    public List<String> header(String name) {
        List<String> values = new ArrayList<>();
        if (message().getHeader() == null) {
            return values;
        }
        for (Field field : message().getHeader().getFields(name)) {
            values.add(field instanceof UnstructuredField u ? u.getValue() : field.getBody().trim());
        }
        return values;
    }

    /** The first {@code text/plain} part, decoded, or empty. */
    public Optional<String> text() {
        return firstText(message(), "text/plain");
    }

    /** The first {@code text/html} part, decoded, or empty. */
    public Optional<String> html() {
        return firstText(message(), "text/html");
    }

    /** Parts with a file name or an {@code attachment} disposition, in order. */
    public List<Attachment> attachments() {
        List<Attachment> out = new ArrayList<>();
        collectAttachments(message(), out, 0);
        return out;
    }

    /** A short description for assertion messages: folder, UID, From, Subject. */
    @Override
    public String toString() {
        return mailbox + "/" + folder + " uid " + uid + " from " + safe(this::from) + " subject \"" + safe(this::subject)
                + "\"";
    }

    private Message message() {
        if (parsed == null) {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            try {
                parsed = builder.parseMessage(new ByteArrayInputStream(raw));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse " + mailbox + "/" + folder + " uid " + uid, e);
            }
        }
        return parsed;
    }

    private static List<String> addresses(AddressList list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (Address address : list) {
                if (address instanceof Mailbox m) {
                    out.add(m.getAddress());
                } else if (address instanceof Group g) {
                    g.getMailboxes().forEach(m -> out.add(m.getAddress()));
                }
            }
        }
        return out;
    }

    private static List<String> addresses(MailboxList list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            list.forEach(m -> out.add(m.getAddress()));
        }
        return out;
    }

    private static final int MAX_DEPTH = 32;

    private static Optional<String> firstText(Entity entity, String mimeType) {
        return firstText(entity, mimeType, 0);
    }

    private static Optional<String> firstText(Entity entity, String mimeType, int depth) {
        Body body = entity.getBody();
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                Optional<String> found = firstText(part, mimeType, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (body instanceof TextBody text && mimeType.equalsIgnoreCase(entity.getMimeType())
                && !"attachment".equalsIgnoreCase(entity.getDispositionType())) {
            try (Reader reader = text.getReader()) {
                StringBuilder out = new StringBuilder();
                char[] buffer = new char[8192];
                for (int n; (n = reader.read(buffer)) != -1; ) {
                    out.append(buffer, 0, n);
                }
                return Optional.of(out.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    private static void collectAttachments(Entity entity, List<Attachment> out, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                collectAttachments(part, out, depth + 1);
            }
            return;
        }
        boolean attachment = "attachment".equalsIgnoreCase(entity.getDispositionType()) || entity.getFilename() != null;
        if (attachment && body instanceof SingleBody single) {
            out.add(new Attachment(entity.getFilename() == null ? "" : entity.getFilename(), entity.getMimeType(),
                    size(single)));
        }
    }

    private static long size(SingleBody body) {
        try (InputStream in = body.getInputStream()) {
            long n = 0;
            byte[] buffer = new byte[8192];
            for (int r; (r = in.read(buffer)) != -1; ) {
                n += r;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String safe(java.util.function.Supplier<Object> part) {
        try {
            return String.valueOf(part.get());
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
