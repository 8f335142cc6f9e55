package dev.o365emulator.server.internal.findings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        List<String[]> fields = fields(message, headerEnd);
        if (field(fields, "message-id") == null) {
            found.add(FindingKinds.MISSING_MESSAGE_ID);
        }
        if (field(fields, "date") == null) {
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
        String from = field(fields, "from");
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

    /** The header fields as name (lower case) and unfolded value. */
    private static List<String[]> fields(byte[] m, int end) {
        String header = new String(m, 0, end, StandardCharsets.ISO_8859_1);
        List<String[]> fields = new ArrayList<>();
        for (String line : header.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                String[] last = fields.get(fields.size() - 1);
                last[1] = last[1] + " " + line.strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.add(new String[] {line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip()});
            }
        }
        return fields;
    }

    private static String field(List<String[]> fields, String name) {
        for (String[] f : fields) {
            if (f[0].equals(name)) {
                return f[1];
            }
        }
        return null;
    }
}
