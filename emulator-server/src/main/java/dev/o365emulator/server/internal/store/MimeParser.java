package dev.o365emulator.server.internal.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;

/**
 * Splits raw message bytes into MIME entities with byte offsets; never throws on malformed input.
 *
 * <p>The entity boundaries are found here (mime4j's stream parser does not report offsets); header
 * fields (Content-Type parameters, dispositions, address lists) are parsed with mime4j's lenient parsers.
 *
 * <p>Degradation, as IMAP servers do: an invalid Content-Type is text/plain; a multipart without a
 * boundary parameter, or whose boundary never occurs, is one text/plain body; an unterminated
 * multipart's last part runs to the end; a header without a blank line makes the body empty; lines
 * without a colon in a header are ignored; nesting deeper than {@link #MAX_DEPTH} or more than
 * {@link #MAX_PARTS} entities stop splitting (the rest is one leaf).
 */
final class MimeParser {
    static final int MAX_DEPTH = 32;
    static final int MAX_PARTS = 10_000;
    static final int MAX_HEADER_FIELDS = 1_000;
    static final int MAX_BOUNDARY_LENGTH = 200;

    private final byte[] raw;
    private int parts;

    private MimeParser(byte[] raw) {
        this.raw = raw;
    }

    static MessageStructure parse(byte[] raw) {
        MimeParser p = new MimeParser(raw);
        Header h = p.header(0, raw.length);
        MimePart root = p.entity(h, 0, raw.length, false, 0);
        return new MessageStructure(envelope(h), root);
    }

    private record Field(String name, String value) {
    }

    private record Header(List<Field> fields, int bodyStart) {
        String get(String name) {
            for (Field f : fields) {
                if (f.name.equalsIgnoreCase(name)) {
                    return f.value;
                }
            }
            return null;
        }
    }

    /** Reads the header starting at {@code start}; the body starts after the first blank line. */
    private Header header(int start, int end) {
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        String currentName = null;
        int pos = start;
        int bodyStart = end;
        while (pos < end) {
            int eol = indexOfLf(pos, end);
            int contentEnd = eol > pos && raw[eol - 1] == '\r' ? eol - 1 : eol;
            int next = eol < end ? eol + 1 : end;
            if (contentEnd == pos) {
                bodyStart = next;
                break;
            }
            byte first = raw[pos];
            if ((first == ' ' || first == '\t') && current != null) {
                current.append(decode(pos, contentEnd));
            } else {
                if (current != null) {
                    addField(fields, currentName, current);
                }
                current = null;
                int colon = indexOf((byte) ':', pos, contentEnd);
                if (colon > pos && colon < contentEnd) {
                    currentName = decode(pos, colon).trim();
                    current = new StringBuilder(decode(colon + 1, contentEnd));
                }
            }
            pos = next;
        }
        if (current != null) {
            addField(fields, currentName, current);
        }
        return new Header(fields, bodyStart);
    }

    private static void addField(List<Field> fields, String name, StringBuilder value) {
        if (fields.size() < MAX_HEADER_FIELDS && !name.isEmpty()) {
            fields.add(new Field(name, value.toString().trim()));
        }
    }

    private MimePart entity(Header h, int start, int end, boolean digestChild, int depth) {
        parts++;
        int bodyStart = Math.min(h.bodyStart, end);
        String type;
        String subtype;
        Map<String, String> params = new LinkedHashMap<>();
        String contentType = h.get("Content-Type");
        RawBody ct = contentType == null ? null : RawFieldParser.DEFAULT.parseRawBody(new RawField("Content-Type",
                contentType));
        String value = ct == null ? "" : ct.getValue().trim().toLowerCase(Locale.ROOT);
        int slash = value.indexOf('/');
        if (slash > 0 && slash < value.length() - 1 && value.indexOf(' ') < 0) {
            type = value.substring(0, slash);
            subtype = value.substring(slash + 1);
            putAll(params, ct.getParams());
        } else if (contentType == null && digestChild) {
            type = "message";
            subtype = "rfc822";
        } else {
            // RFC 2045 §5.2: an absent or invalid Content-Type means text/plain; charset=us-ascii.
            type = "text";
            subtype = "plain";
            params.put("charset", "us-ascii");
        }
        String disposition = null;
        Map<String, String> dispositionParams = new LinkedHashMap<>();
        String cd = h.get("Content-Disposition");
        if (cd != null) {
            RawBody d = RawFieldParser.DEFAULT.parseRawBody(new RawField("Content-Disposition", cd));
            if (!d.getValue().isBlank()) {
                disposition = d.getValue().trim().toLowerCase(Locale.ROOT);
                putAll(dispositionParams, d.getParams());
            }
        }
        String encoding = h.get("Content-Transfer-Encoding");
        encoding = encoding == null || encoding.isBlank() ? "7BIT" : encoding.trim();

        List<MimePart> children = List.of();
        Envelope envelope = null;
        MimePart message = null;
        boolean splittable = depth < MAX_DEPTH && parts < MAX_PARTS;
        if ("multipart".equals(type)) {
            String boundary = params.get("boundary");
            children = splittable && boundary != null && !boundary.isEmpty() && boundary.length() <= MAX_BOUNDARY_LENGTH
                    ? multipart(boundary, bodyStart, end, "digest".equals(subtype), depth)
                    : List.of();
            if (children.isEmpty()) {
                type = "text";
                subtype = "plain";
                params.clear();
                params.put("charset", "us-ascii");
            }
        } else if ("message".equals(type) && "rfc822".equals(subtype)) {
            if (splittable) {
                Header inner = header(bodyStart, end);
                message = entity(inner, bodyStart, end, false, depth + 1);
                envelope = envelope(inner);
            } else {
                // BODYSTRUCTURE of message/rfc822 needs the embedded structure; past the limits the
                // part becomes opaque bytes instead.
                type = "application";
                subtype = "octet-stream";
            }
        }
        int lines = "text".equals(type) || message != null ? lineCount(bodyStart, end) : 0;
        return new MimePart(type, subtype, params, trimmed(h.get("Content-ID")), trimmed(h.get("Content-Description")),
                encoding, null, disposition, dispositionParams, trimmed(h.get("Content-Language")),
                trimmed(h.get("Content-Location")), start, bodyStart, end, lines, children, envelope, message);
    }

    private List<MimePart> multipart(String boundary, int start, int end, boolean digest, int depth) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<MimePart> children = new ArrayList<>();
        int partStart = -1;
        int pos = start;
        while (pos < end) {
            int eol = indexOfLf(pos, end);
            int next = eol < end ? eol + 1 : end;
            int kind = delimiterKind(delimiter, pos, eol);
            if (kind != 0) {
                if (partStart >= 0) {
                    // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
                    int partEnd = pos;
                    if (partEnd > partStart && raw[partEnd - 1] == '\n') {
                        partEnd--;
                        if (partEnd > partStart && raw[partEnd - 1] == '\r') {
                            partEnd--;
                        }
                    }
                    children.add(child(partStart, partEnd, digest, depth));
                }
                if (kind == 2 || parts >= MAX_PARTS) {
                    return children;
                }
                partStart = next;
            }
            pos = next;
        }
        if (partStart >= 0 && partStart <= end) {
            // Unterminated multipart: the last part runs to the end of the enclosing body.
            children.add(child(partStart, end, digest, depth));
        }
        return children;
    }

    private MimePart child(int start, int end, boolean digest, int depth) {
        return entity(header(start, end), start, end, digest, depth + 1);
    }

    /** 0: not a delimiter line, 1: part delimiter, 2: close delimiter. Trailing blanks are tolerated. */
    private int delimiterKind(byte[] delimiter, int lineStart, int eol) {
        if (eol - lineStart < delimiter.length) {
            return 0;
        }
        for (int i = 0; i < delimiter.length; i++) {
            if (raw[lineStart + i] != delimiter[i]) {
                return 0;
            }
        }
        int p = lineStart + delimiter.length;
        int kind = 1;
        if (p + 2 <= eol && raw[p] == '-' && raw[p + 1] == '-') {
            kind = 2;
            p += 2;
        }
        for (; p < eol; p++) {
            byte b = raw[p];
            if (b != ' ' && b != '\t' && b != '\r') {
                return 0;
            }
        }
        return kind;
    }

    private int lineCount(int start, int end) {
        int lines = 0;
        for (int i = start; i < end; i++) {
            if (raw[i] == '\n') {
                lines++;
            }
        }
        if (end > start && raw[end - 1] != '\n') {
            lines++;
        }
        return lines;
    }

    private int indexOfLf(int from, int end) {
        return indexOf((byte) '\n', from, end);
    }

    private int indexOf(byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (raw[i] == b) {
                return i;
            }
        }
        return end;
    }

    /** UTF-8 when the bytes are valid UTF-8 (SMTPUTF8 headers), else ISO-8859-1, which maps every byte. */
    private String decode(int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, from, to - from)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    private static void putAll(Map<String, String> target, List<NameValuePair> params) {
        for (NameValuePair p : params) {
            if (p.getName() != null && !p.getName().isBlank()) {
                target.putIfAbsent(p.getName().trim().toLowerCase(Locale.ROOT), p.getValue());
            }
        }
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    private static Envelope envelope(Header h) {
        List<EnvelopeAddress> from = addresses(h.get("From"));
        String senderHeader = h.get("Sender");
        String replyToHeader = h.get("Reply-To");
        // RFC 3501 §7.4.2: absent or empty, Sender and Reply-To are the From.
        return new Envelope(h.get("Date"), h.get("Subject"), from,
                senderHeader == null || senderHeader.isBlank() ? from : addresses(senderHeader),
                replyToHeader == null || replyToHeader.isBlank() ? from : addresses(replyToHeader),
                addresses(h.get("To")), addresses(h.get("Cc")), addresses(h.get("Bcc")),
                h.get("In-Reply-To"), h.get("Message-ID"));
    }

    /** The addresses, a group between its start marker (its name) and its end marker (all null), RFC 3501 §7.4.2. */
    private static List<EnvelopeAddress> addresses(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<EnvelopeAddress> out = new ArrayList<>();
        try {
            AddressList list = LenientAddressParser.DEFAULT.parseAddressList(value);
            for (Address a : list) {
                if (a instanceof Mailbox m) {
                    out.add(address(m, value));
                } else if (a instanceof Group g) {
                    out.add(EnvelopeAddress.groupStart(g.getName()));
                    for (Mailbox m : g.getMailboxes()) {
                        out.add(address(m, value));
                    }
                    out.add(EnvelopeAddress.GROUP_END);
                }
            }
        } catch (RuntimeException unparseable) {
            return List.of();
        }
        return out;
    }

    /**
     * One mailbox; without a display name, the comment after a bare address ({@code user@host (Real Name)},
     * the old form of a name) stands in for it, as Dovecot takes it and imaptest expects.
     */
    private static EnvelopeAddress address(Mailbox m, String header) {
        String route = m.getRoute() == null || m.getRoute().isEmpty() ? null : m.getRoute().toRouteString();
        String name = m.getName();
        if (name == null && route == null && m.getDomain() != null) {
            Matcher comment = Pattern.compile(Pattern.quote(m.getLocalPart() + "@" + m.getDomain())
                    + "[ \\t]*\\(([^()\\\\]*)\\)").matcher(header);
            if (comment.find() && !comment.group(1).isBlank()) {
                name = comment.group(1).trim();
            }
        }
        return new EnvelopeAddress(name, route, m.getLocalPart(), m.getDomain());
    }
}
