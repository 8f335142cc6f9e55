package dev.o365emulator.server.internal.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    static MessageHeaders read(byte[] message) {
        int limit = Math.min(message.length, MAX_HEADER_OCTETS);
        Fields fields = new Fields();
        int lineStart = 0;
        int headerEnd = message.length;
        StringBuilder field = null;
        while (lineStart < limit) {
            int lf = indexOf(message, (byte) '\n', lineStart, limit);
            int lineEnd = lf < 0 ? limit : lf;
            int textEnd = lineEnd > lineStart && message[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            String line = new String(message, lineStart, textEnd - lineStart, StandardCharsets.UTF_8);
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (!continuation && field != null) {
                fields.take(field.toString());
                field = null;
            }
            if (line.isEmpty()) {
                headerEnd = lf < 0 ? limit : lf + 1;
                break;
            }
            if (continuation) {
                if (field != null) {
                    field.append(line);
                }
            } else if (line.indexOf(':') > 0) {
                field = new StringBuilder(line);
            } else {
                // Not a header line: the message has no header block (RFC 5322 allows none).
                headerEnd = lineStart;
                break;
            }
            lineStart = lf < 0 ? limit : lf + 1;
        }
        if (field != null) {
            fields.take(field.toString());
        }
        return new MessageHeaders(addresses(fields.from), fields.sender, fields.messageId, fields.subject, headerEnd);
    }

    /** The first occurrence of each field of interest. */
    private static final class Fields {
        String from;
        boolean sender;
        String messageId;
        String subject;

        void take(String field) {
            int colon = field.indexOf(':');
            String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).trim();
            switch (name) {
                case "from" -> from = from == null ? value : from;
                case "sender" -> sender = true;
                case "message-id" -> messageId = messageId == null ? value : messageId;
                case "subject" -> subject = subject == null ? value : subject;
                default -> { }
            }
        }
    }

    private static List<String> addresses(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
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
