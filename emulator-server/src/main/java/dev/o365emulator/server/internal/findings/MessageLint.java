package dev.o365emulator.server.internal.findings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Judges a complete message as the client sent it (after dot-unstuffing): missing Message-ID or Date,
 * bare LFs, lines over 998 octets, 8-bit octets without {@code BODY=8BITMIME}, and a From display
 * name that holds an address. One pass over the bytes, no copy of the body; header fields are read
 * only from the header block, itself bounded by the session's header limit.
 */
public final class MessageLint {

    /** RFC 5322 §2.1.1: a line is at most 998 octets, CRLF excluded. */
    static final int MAX_LINE_OCTETS = 998;
    /** An address-looking display name: something@something.something, quoted or not. */
    private static final Pattern ADDRESS_IN_NAME = Pattern.compile("[^\\s<>\"@]+@[^\\s<>\"@]+\\.[^\\s<>\"@]+");

    private MessageLint() {
    }

    /** What the lint found; each kind at most once. */
    public static List<FindingKind> judge(byte[] message, boolean declared8Bit) {
        List<FindingKind> found = new ArrayList<>();
        int headerEnd = headerEnd(message);
        boolean bareLf = false;
        boolean longLine = false;
        boolean eightBit = false;
        int lineStart = 0;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b < 0) {
                eightBit = true;
            }
            if (b == '\n') {
                boolean crlf = i > 0 && message[i - 1] == '\r';
                bareLf |= !crlf;
                longLine |= (crlf ? i - 1 : i) - lineStart > MAX_LINE_OCTETS;
                lineStart = i + 1;
            }
        }
        longLine |= message.length - lineStart > MAX_LINE_OCTETS;
        String[] fields = fields(message, headerEnd);
        if (fields[MESSAGE_ID] == null) {
            found.add(FindingKinds.MISSING_MESSAGE_ID);
        }
        if (fields[DATE] == null) {
            found.add(FindingKinds.MISSING_DATE);
        }
        if (bareLf) {
            found.add(FindingKinds.BARE_LF);
        }
        if (longLine) {
            found.add(FindingKinds.LINE_TOO_LONG);
        }
        if (eightBit && !declared8Bit) {
            found.add(FindingKinds.EIGHT_BIT_WITHOUT_8BITMIME);
        }
        String from = fields[FROM];
        if (from != null && addressInDisplayName(from)) {
            found.add(FindingKinds.FROM_DISPLAY_NAME_ADDRESS);
        }
        return found;
    }

    /** Whether the part of a From value before its {@code <addr-spec>} looks like an address. */
    static boolean addressInDisplayName(String from) {
        int angle = from.lastIndexOf('<');
        return angle > 0 && ADDRESS_IN_NAME.matcher(from.substring(0, angle)).find();
    }

    /** The offset just past the header block's end (the empty line), or the message's length. */
    private static int headerEnd(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n' && (i + 1 < m.length && m[i + 1] == '\n'
                    || i + 2 < m.length && m[i + 1] == '\r' && m[i + 2] == '\n')) {
                return i + 1;
            }
        }
        return m.length;
    }

    private static final int MESSAGE_ID = 0;
    private static final int DATE = 1;
    private static final int FROM = 2;
    private static final String[] NAMES = {"message-id", "date", "from"};

    /**
     * The first Message-ID, Date and From fields' values (null where absent), each stripped, From unfolded
     * (a continuation line joins with one space, stripped). Lines end at LF or CRLF; a line that is neither
     * a field nor a continuation is skipped. Only these three fields become text: the others are stepped
     * over as octets, which is most of the work of a small message's lint.
     */
    private static String[] fields(byte[] m, int end) {
        String[] values = new String[NAMES.length];
        StringBuilder from = null;
        boolean anyField = false;
        // The field a continuation line adds to: one of the three not yet seen, or -1.
        int last = -1;
        int lineStart = 0;
        while (lineStart < end) {
            int lf = lineStart;
            while (lf < end && m[lf] != '\n') {
                lf++;
            }
            int lineEnd = lf < end && lf > lineStart && m[lf - 1] == '\r' ? lf - 1 : lf;
            int next = lf + 1;
            if (lineEnd > lineStart) {
                byte first = m[lineStart];
                if ((first == ' ' || first == '\t') && anyField) {
                    if (last == FROM) {
                        from.append(' ').append(stripped(m, lineStart, lineEnd));
                    }
                } else {
                    int colon = lineStart;
                    while (colon < lineEnd && m[colon] != ':') {
                        colon++;
                    }
                    if (colon < lineEnd && colon > lineStart) {
                        anyField = true;
                        last = named(m, lineStart, colon);
                        if (last >= 0 && values[last] == null) {
                            values[last] = stripped(m, colon + 1, lineEnd);
                            if (last == FROM) {
                                from = new StringBuilder(values[FROM]);
                            }
                        } else {
                            last = -1;
                        }
                    }
                }
            }
            lineStart = next;
        }
        if (from != null) {
            values[FROM] = from.toString();
        }
        return values;
    }

    /** Which of {@link #NAMES} the octets name, whitespace around them aside and in any case; -1 for none. */
    private static int named(byte[] m, int start, int end) {
        int s = afterWhitespace(m, start, end);
        int e = beforeWhitespace(m, s, end);
        for (int n = 0; n < NAMES.length; n++) {
            String name = NAMES[n];
            if (name.length() != e - s) {
                continue;
            }
            int i = 0;
            while (i < name.length() && Character.toLowerCase((char) (m[s + i] & 0xff)) == name.charAt(i)) {
                i++;
            }
            if (i == name.length()) {
                return n;
            }
        }
        return -1;
    }

    /** The octets as ISO-8859-1 text, {@link String#strip stripped}. */
    private static String stripped(byte[] m, int start, int end) {
        int s = afterWhitespace(m, start, end);
        return new String(m, s, beforeWhitespace(m, s, end) - s, StandardCharsets.ISO_8859_1);
    }

    /** The first offset in {@code [start, end)} that is not whitespace, or {@code end}. */
    private static int afterWhitespace(byte[] m, int start, int end) {
        int s = start;
        while (s < end && isWhitespace(m[s])) {
            s++;
        }
        return s;
    }

    /** One past the last offset in {@code [start, end)} that is not whitespace, or {@code start}. */
    private static int beforeWhitespace(byte[] m, int start, int end) {
        int e = end;
        while (e > start && isWhitespace(m[e - 1])) {
            e--;
        }
        return e;
    }

    /** {@link Character#isWhitespace} of the octet as an ISO-8859-1 character. */
    private static boolean isWhitespace(byte b) {
        return Character.isWhitespace((char) (b & 0xff));
    }
}
