package dev.o365emulator.server.internal.imap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one raw header block with their byte ranges, for {@code BODY[HEADER.FIELDS (...)]} and
 * for SEARCH's header keys.
 *
 * <p>A field is its first line plus its continuation lines (starting with a space or tab), terminator
 * included. Lines without a colon are not fields and are skipped, as the store's MIME parser does;
 * reading stops at the first empty line. At most {@link #MAX_FIELDS} fields are kept.
 */
final class FetchHeaderFields {

    static final int MAX_FIELDS = 1_000;

    /** One field: its name and the bytes {@code [start, end)} of the whole field, line breaks included. */
    record Field(String name, int start, int end) {
    }

    private final ByteBuffer raw;
    private final List<Field> fields;

    private FetchHeaderFields(ByteBuffer raw, List<Field> fields) {
        this.raw = raw;
        this.fields = fields;
    }

    /** Splits the header in {@code [start, end)} of {@code raw} (absolute positions; {@code raw} is not moved). */
    static FetchHeaderFields parse(ByteBuffer raw, int start, int end) {
        List<Field> fields = new ArrayList<>();
        int pos = start;
        int fieldStart = -1;
        String name = null;
        while (pos < end) {
            int eol = pos;
            while (eol < end && raw.get(eol) != '\n') {
                eol++;
            }
            int next = eol < end ? eol + 1 : end;
            int contentEnd = eol > pos && raw.get(eol - 1) == '\r' ? eol - 1 : eol;
            if (contentEnd == pos) {
                break;
            }
            byte first = raw.get(pos);
            if (first != ' ' && first != '\t') {
                if (name != null) {
                    add(fields, new Field(name, fieldStart, pos));
                }
                name = null;
                int colon = pos;
                while (colon < contentEnd && raw.get(colon) != ':') {
                    colon++;
                }
                if (colon > pos && colon < contentEnd) {
                    name = ascii(raw, pos, colon).trim();
                    fieldStart = pos;
                }
            }
            pos = next;
        }
        if (name != null) {
            add(fields, new Field(name, fieldStart, pos));
        }
        return new FetchHeaderFields(raw, List.copyOf(fields));
    }

    private static void add(List<Field> fields, Field field) {
        if (fields.size() < MAX_FIELDS && !field.name().isEmpty()) {
            fields.add(field);
        }
    }

    List<Field> fields() {
        return fields;
    }

    /**
     * The fields whose names are ({@code include}) or are not in {@code names}, case-insensitively, in
     * message order, followed by the empty line that ends a header (RFC 3501 §6.4.5).
     */
    byte[] select(List<String> names, boolean include) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field field : fields) {
            boolean listed = names.stream().anyMatch(n -> n.equalsIgnoreCase(field.name()));
            if (listed == include) {
                for (int i = field.start(); i < field.end(); i++) {
                    out.write(raw.get(i));
                }
                if (raw.get(field.end() - 1) != '\n') {
                    // The last field of a message without a body may lack its line break.
                    out.write('\r');
                    out.write('\n');
                }
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * The unfolded value of a field: the text after the colon with line breaks removed, trimmed; UTF-8
     * when valid (SMTPUTF8 headers), else ISO-8859-1. Encoded words are kept.
     */
    String value(Field field) {
        int colon = field.start();
        while (raw.get(colon) != ':') {
            colon++;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(field.end() - colon);
        for (int i = colon + 1; i < field.end(); i++) {
            byte b = raw.get(i);
            if (b != '\r' && b != '\n') {
                bytes.write(b);
            }
        }
        return decode(bytes.toByteArray()).trim();
    }

    /** The unfolded values of every field with this name, in message order. */
    List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                values.add(value(field));
            }
        }
        return values;
    }

    private static String ascii(ByteBuffer raw, int from, int to) {
        byte[] bytes = new byte[to - from];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = raw.get(from + i);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
