package dev.o365emulator.codec.imap;

import dev.o365emulator.codec.imap.FetchAttribute.BodySection;
import dev.o365emulator.codec.imap.FetchAttribute.Partial;
import dev.o365emulator.codec.imap.FetchAttribute.SectionText;
import dev.o365emulator.codec.imap.FetchAttribute.Simple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses FETCH's data item argument (RFC 3501 {@code fetch-att}, the macros ALL, FAST and FULL).
 *
 * <p>Input is the argument as {@link ImapRequestDecoder} produced it: an atom
 * ({@code FLAGS}, {@code ALL}, {@code BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>}) or a list of
 * atoms. Invalid input throws {@link IllegalArgumentException} with the reason.
 */
public final class FetchAttributes {

    /** More header fields than this in one section is a malformed (or hostile) request. */
    public static final int MAX_HEADER_FIELDS = 256;
    /** Deeper MIME part paths than this are not produced by real clients. */
    public static final int MAX_PART_DEPTH = 32;

    private FetchAttributes() {
    }

    public static List<FetchAttribute> parse(ImapArgument argument) {
        if (argument instanceof ImapArgument.Atom atom) {
            String name = atom.value().toUpperCase(Locale.ROOT);
            switch (name) {
                case "ALL":
                    return List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE);
                case "FAST":
                    return List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE);
                case "FULL":
                    return List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY);
                default:
                    return List.of(parseItem(atom.value()));
            }
        }
        if (argument instanceof ImapArgument.ListArgument list && !list.elements().isEmpty()) {
            List<FetchAttribute> attributes = new ArrayList<>();
            for (ImapArgument element : list.elements()) {
                if (!(element instanceof ImapArgument.Atom atom)) {
                    throw new IllegalArgumentException("invalid fetch attribute: " + element);
                }
                attributes.add(parseItem(atom.value()));
            }
            return List.copyOf(attributes);
        }
        throw new IllegalArgumentException("invalid fetch attributes: " + argument);
    }

    /** Parses one {@code fetch-att}; the macros are not allowed here. */
    public static FetchAttribute parseItem(String text) {
        int bracket = text.indexOf('[');
        String name = (bracket < 0 ? text : text.substring(0, bracket)).toUpperCase(Locale.ROOT);
        if (bracket < 0) {
            switch (name) {
                case "FLAGS": return Simple.FLAGS;
                case "INTERNALDATE": return Simple.INTERNALDATE;
                case "RFC822": return Simple.RFC822;
                case "RFC822.SIZE": return Simple.RFC822_SIZE;
                case "RFC822.HEADER": return Simple.RFC822_HEADER;
                case "RFC822.TEXT": return Simple.RFC822_TEXT;
                case "ENVELOPE": return Simple.ENVELOPE;
                case "BODY": return Simple.BODY;
                case "BODYSTRUCTURE": return Simple.BODYSTRUCTURE;
                case "UID": return Simple.UID;
                default: throw new IllegalArgumentException("unknown fetch attribute: " + text);
            }
        }
        boolean peek;
        if (name.equals("BODY")) {
            peek = false;
        } else if (name.equals("BODY.PEEK")) {
            peek = true;
        } else {
            throw new IllegalArgumentException("unknown fetch attribute: " + text);
        }
        return new SectionParser(text, bracket + 1).parse(peek);
    }

    /** A cursor over {@code section ["<" partial ">"]} after the opening bracket. */
    private static final class SectionParser {

        private final String text;
        private int pos;

        SectionParser(String text, int pos) {
            this.text = text;
            this.pos = pos;
        }

        BodySection parse(boolean peek) {
            List<Integer> part = new ArrayList<>();
            SectionText sectionText = SectionText.WHOLE;
            List<String> fields = List.of();
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                if (part.size() == MAX_PART_DEPTH) {
                    throw error("part path too deep");
                }
                part.add((int) number(true, Integer.MAX_VALUE));
                if (peek('.')) {
                    pos++;
                    if (pos == text.length() || peek(']')) {
                        throw error("section ends after '.'");
                    }
                    if (!isDigit(text.charAt(pos))) {
                        break;
                    }
                } else {
                    break;
                }
            }
            if (!peek(']')) {
                String name = word().toUpperCase(Locale.ROOT);
                switch (name) {
                    case "HEADER" -> sectionText = SectionText.HEADER;
                    case "HEADER.FIELDS" -> sectionText = SectionText.HEADER_FIELDS;
                    case "HEADER.FIELDS.NOT" -> sectionText = SectionText.HEADER_FIELDS_NOT;
                    case "TEXT" -> sectionText = SectionText.TEXT;
                    case "MIME" -> {
                        if (part.isEmpty()) {
                            throw error("MIME needs a part number");
                        }
                        sectionText = SectionText.MIME;
                    }
                    default -> throw error("unknown section text '" + name + "'");
                }
                if (sectionText == SectionText.HEADER_FIELDS || sectionText == SectionText.HEADER_FIELDS_NOT) {
                    fields = headerList();
                }
            }
            expect(']');
            Partial partial = null;
            if (peek('<')) {
                pos++;
                long offset = number(false, 0xFFFF_FFFFL);
                expect('.');
                long length = number(true, 0xFFFF_FFFFL);
                expect('>');
                partial = new Partial(offset, length);
            }
            if (pos != text.length()) {
                throw error("unexpected text after section");
            }
            return new BodySection(peek, part, sectionText, fields, partial);
        }

        private List<String> headerList() {
            expect(' ');
            expect('(');
            List<String> fields = new ArrayList<>();
            while (true) {
                if (fields.size() == MAX_HEADER_FIELDS) {
                    throw error("more than " + MAX_HEADER_FIELDS + " header fields");
                }
                fields.add(peek('"') ? quoted() : headerName());
                if (peek(')')) {
                    pos++;
                    return fields;
                }
                expect(' ');
            }
        }

        private String headerName() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) > ' ' && text.charAt(pos) < 0x7f
                    && "()[]\"{".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            if (pos == start) {
                throw error("missing header field name");
            }
            return text.substring(start, pos);
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    if (value.length() == 0) {
                        throw error("empty header field name");
                    }
                    return value.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                value.append(c);
            }
            throw error("unterminated quoted header field name");
        }

        private String word() {
            int start = pos;
            while (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private long number(boolean nonZero, long max) {
            int start = pos;
            long value = 0;
            while (pos < text.length() && isDigit(text.charAt(pos)) && pos - start < 10) {
                value = value * 10 + (text.charAt(pos++) - '0');
            }
            if (pos == start || (nonZero && value == 0) || value > max
                    || (pos < text.length() && isDigit(text.charAt(pos)))) {
                throw error("invalid number");
            }
            return value;
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException(problem + " at " + pos + " in fetch attribute " + text);
        }
    }
}
