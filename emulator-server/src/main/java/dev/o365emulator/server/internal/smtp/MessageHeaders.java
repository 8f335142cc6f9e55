package dev.o365emulator.server.internal.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * The few top-level header fields the SMTP session needs from a submitted message (From, Sender,
 * Message-ID, Subject), read without parsing the whole MIME structure.
 *
 * @param from the addresses of the From field (lower case), empty when it is absent or unparseable
 * @param hasSender whether a Sender field is present
 * @param messageId the Message-ID as written (with angle brackets), or {@code null}
 * @param subject the unfolded Subject, or {@code null}
 * @param headerEnd offset of the first octet after the header block's empty line (or the message length)
 */
record MessageHeaders(List<String> from, boolean hasSender, String messageId, String subject, int headerEnd) {

    /** Header blocks beyond this are not searched; a message's own header is far smaller. */
    static final int MAX_HEADER_OCTETS = 256 * 1024;
    private static final int MAX_FROM_ADDRESSES = 100;
    private static final String SIMPLE_ADDRESS = "[A-Za-z0-9_+-]+(?:\\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+";
    /**
     * {@code local@domain}, {@code <local@domain>} or {@code Display Name <local@domain>} with nothing RFC
     * 5322 treats specially: dot-atoms of letters, digits and {@code _ + -}, a domain of at least two
     * labels, a display name of letters, digits and single spaces. Group 1 or 2 is the address.
     */
    private static final Pattern SIMPLE_FROM = Pattern.compile("(" + SIMPLE_ADDRESS + ")|(?:[A-Za-z0-9]+(?: [A-Za-z0-9]+)* ?)?<("
            + SIMPLE_ADDRESS + ")>");

    static MessageHeaders read(byte[] message) {
        int limit = Math.min(message.length, MAX_HEADER_OCTETS);
        Fields fields = new Fields();
        int lineStart = 0;
        int headerEnd = message.length;
        // Only the fields of interest become text; the others are stepped over, continuation lines included.
        StringBuilder field = null;
        String fieldName = null;
        while (lineStart < limit) {
            int lf = indexOf(message, (byte) '\n', lineStart, limit);
            int lineEnd = lf < 0 ? limit : lf;
            int textEnd = lineEnd > lineStart && message[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            boolean empty = textEnd == lineStart;
            boolean continuation = !empty && (message[lineStart] == ' ' || message[lineStart] == '\t');
            if (!continuation && field != null) {
                fields.take(fieldName, field.toString().trim());
                field = null;
            }
            if (empty) {
                headerEnd = lf < 0 ? limit : lf + 1;
                break;
            }
            if (continuation) {
                if (field != null) {
                    field.append(new String(message, lineStart, textEnd - lineStart, StandardCharsets.UTF_8));
                }
            } else {
                int colon = indexOf(message, (byte) ':', lineStart, textEnd);
                if (colon <= lineStart) {
                    // Not a header line: the message has no header block (RFC 5322 allows none).
                    headerEnd = lineStart;
                    break;
                }
                fieldName = fields.wanted(message, lineStart, colon);
                if (fieldName != null) {
                    field = new StringBuilder(new String(message, colon + 1, textEnd - colon - 1,
                            StandardCharsets.UTF_8));
                }
            }
            lineStart = lf < 0 ? limit : lf + 1;
        }
        if (field != null) {
            fields.take(fieldName, field.toString().trim());
        }
        return new MessageHeaders(addresses(fields.from), fields.sender, fields.messageId, fields.subject, headerEnd);
    }

    /** The first occurrence of each field of interest. */
    private static final class Fields {
        private static final String[] NAMES = {"from", "sender", "message-id", "subject"};

        String from;
        boolean sender;
        String messageId;
        String subject;

        /**
         * The field named by {@code bytes[start, end)} (blanks around it ignored, any case), when it is one
         * of interest not yet seen; otherwise null. A name with an octet above 127 is none of them.
         */
        String wanted(byte[] bytes, int start, int end) {
            int s = start;
            int e = end;
            while (s < e && (bytes[s] & 0xff) <= ' ') {
                s++;
            }
            while (e > s && (bytes[e - 1] & 0xff) <= ' ') {
                e--;
            }
            for (String name : NAMES) {
                if (name.length() == e - s && equalsIgnoreAsciiCase(bytes, s, name)) {
                    boolean seen = switch (name) {
                        case "from" -> from != null;
                        case "sender" -> sender;
                        case "message-id" -> messageId != null;
                        default -> subject != null;
                    };
                    return seen ? null : name;
                }
            }
            return null;
        }

        void take(String name, String value) {
            switch (name) {
                case "from" -> from = value;
                case "sender" -> sender = true;
                case "message-id" -> messageId = value;
                default -> subject = value;
            }
        }

        private static boolean equalsIgnoreAsciiCase(byte[] bytes, int at, String lowerCase) {
            for (int i = 0; i < lowerCase.length(); i++) {
                int b = bytes[at + i];
                if (b >= 'A' && b <= 'Z') {
                    b += 'a' - 'A';
                }
                if (b != lowerCase.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static List<String> addresses(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        Matcher simple = SIMPLE_FROM.matcher(value);
        if (simple.matches()) {
            // The common form, which mime4j's parser reads as this one address; skipping it saves most of the work.
            String address = simple.group(1) != null ? simple.group(1) : simple.group(2);
            return List.of(address.toLowerCase(Locale.ROOT));
        }
        List<String> out = new ArrayList<>();
        try {
            AddressList list = LenientAddressParser.DEFAULT.parseAddressList(value);
            for (Address a : list) {
                List<Mailbox> mailboxes = a instanceof Group g ? g.getMailboxes() : List.of((Mailbox) a);
                for (Mailbox m : mailboxes) {
                    // mime4j's lenient parser turns garbage into "addresses" without a domain: not senders.
                    if (out.size() < MAX_FROM_ADDRESSES && m.getDomain() != null && !m.getDomain().isEmpty()) {
                        out.add(m.getAddress().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (RuntimeException unparseable) {
            return List.of();
        }
        return out;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
