package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.mail.Attachment;
import dev.o365emulator.server.mail.Header;
import dev.o365emulator.server.mail.MailAddress;
import dev.o365emulator.server.mail.MessageEnvelope;
import dev.o365emulator.server.mail.ParsedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
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
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Turns a message's bytes into the API's {@link ParsedMessage}, leniently: a malformed message still
 * parses, and what cannot be read (a header that is not an address list, a body in an unknown charset)
 * is left out rather than failing the whole view.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>value</th><th>why</th></tr>
 *   <tr><td>MIME nesting followed</td><td>{@value #MAX_DEPTH}</td><td>a crafted message nests without end</td></tr>
 *   <tr><td>header fields listed</td><td>{@value #MAX_HEADERS}</td><td>the rest is left out of {@link ParsedMessage#headers()}</td></tr>
 * </table>
 */
final class MessageParsing {

    static final int MAX_DEPTH = 32;
    static final int MAX_HEADERS = 1000;

    private MessageParsing() {}

    static ParsedMessage parse(InputStream raw) {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        Message message;
        try {
            message = builder.parseMessage(raw);
        } catch (IOException e) {
            // Parsing bytes held in memory does no I/O; mime4j declares it for streams in general.
            throw new UncheckedIOException(e);
        }
        return new ParsedMessage(headers(message), envelope(message), firstText(message, "text/plain", 0),
                firstText(message, "text/html", 0), attachments(message));
    }

    private static List<Header> headers(Message message) {
        List<Header> out = new ArrayList<>();
        if (message.getHeader() == null) {
            return out;
        }
        for (Field field : message.getHeader().getFields()) {
            if (out.size() == MAX_HEADERS) {
                break;
            }
            out.add(new Header(field.getName(), decode(field.getBody())));
        }
        return out;
    }

    private static String decode(String body) {
        String unfolded = body == null ? "" : body.replaceAll("\r?\n[ \t]", " ").trim();
        return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
    }

    private static MessageEnvelope envelope(Message m) {
        return new MessageEnvelope(first(m, "Date"), m.getSubject() == null ? "" : m.getSubject(),
                safely(() -> mailboxes(m.getFrom())), safely(() -> m.getSender() == null ? List.of()
                        : List.of(address(m.getSender()))), safely(() -> addresses(m.getReplyTo())),
                safely(() -> addresses(m.getTo())), safely(() -> addresses(m.getCc())),
                safely(() -> addresses(m.getBcc())), first(m, "In-Reply-To"), first(m, "Message-ID"));
    }

    private static String first(Message m, String name) {
        Field f = m.getHeader() == null ? null : m.getHeader().getField(name);
        return f == null || f.getBody() == null ? "" : f.getBody().trim();
    }

    /** An address list that does not parse is left out, as {@code ENVELOPE} leaves such a field NIL. */
    private static List<MailAddress> safely(java.util.function.Supplier<List<MailAddress>> read) {
        try {
            return read.get();
        } catch (RuntimeException malformed) {
            return List.of();
        }
    }

    private static List<MailAddress> addresses(AddressList list) {
        List<MailAddress> out = new ArrayList<>();
        if (list != null) {
            for (Address a : list) {
                if (a instanceof Mailbox m) {
                    out.add(address(m));
                } else if (a instanceof Group g) {
                    g.getMailboxes().forEach(m -> out.add(address(m)));
                }
            }
        }
        return out;
    }

    private static List<MailAddress> mailboxes(MailboxList list) {
        List<MailAddress> out = new ArrayList<>();
        if (list != null) {
            list.forEach(m -> out.add(address(m)));
        }
        return out;
    }

    private static MailAddress address(Mailbox m) {
        return new MailAddress(m.getName() == null ? "" : m.getName(), m.getAddress());
    }

    private static Optional<String> firstText(Entity entity, String mimeType, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        Body body = entity.getBody();
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
            } catch (IOException | RuntimeException unreadable) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static List<Attachment> attachments(Message message) {
        List<Attachment> out = new ArrayList<>();
        collectAttachments(message, out, 0);
        return out;
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
            out.add(new Attachment(entity.getFilename() == null ? "" : entity.getFilename(),
                    entity.getMimeType().toLowerCase(Locale.ROOT), size(single)));
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
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }
}
