package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.junit.jupiter.api.Test;

class MessageHeadersTest {

    @Test
    void readsFoldedFromAndTheFieldsTheSessionNeeds() {
        MessageHeaders h = read("Subject: hello\r\nFrom: \"Adele, V\" <Adele@Contoso.com>,\r\n\tinfo@contoso.com\r\n"
                + "Sender: adele@contoso.com\r\nMessage-ID: <1@x>\r\n\r\nFrom: body@example.org\r\n");
        assertThat(h.from()).containsExactly("adele@contoso.com", "info@contoso.com");
        assertThat(h.hasSender()).isTrue();
        assertThat(h.messageId()).isEqualTo("<1@x>");
        assertThat(h.subject()).isEqualTo("hello");
    }

    @Test
    void aMessageWithoutBlankLineOrFromHasNoSenders() {
        MessageHeaders h = read("Subject: only a header");
        assertThat(h.from()).isEmpty();
        assertThat(h.messageId()).isNull();
        assertThat(h.subject()).isEqualTo("only a header");
    }

    @Test
    void headerEndIsAfterTheEmptyLine() {
        String header = "From: a@b.example\r\n\r\n";
        assertThat(read(header + "body").headerEnd()).isEqualTo(header.length());
    }

    @Test
    void unparseableFromGivesNoAddresses() {
        assertThat(read("From: <<<\r\n\r\n").from()).isEmpty();
    }

    /**
     * The reader steps over the fields it does not need and reads common From forms without mime4j; it
     * must say what reading every line as text and giving every From to mime4j says, for any header.
     */
    @Test
    void readsWhatDecodingEveryLineAndMime4jRead() {
        String[] froms = {"a@b.example", "A.B+c_d-e@Sub.Example.ORG", "<a@b.example>", "Adele Vance <Adele@Contoso.com>",
            "Adele Vance<adele@contoso.com>", "Perf Sender <perf@contoso.com>", "\"Vance, Adele\" <a@b.example>",
            "a@b", "a..b@c.example", "a@b.example.", "<a@b.example", "a@b.example>", "Adele  Vance <a@b.example>",
            "a@b.example (comment)", "a@b.example, c@d.example", "undisclosed:;", "Grp: a@b.example, c@d.example;",
            "ädele@b.example", "Ädele <a@b.example>", "<<<", "", " ", "@b.example", "a@", "a@-b.example",
            "=?utf-8?q?Ad=C3=A8le?= <a@b.example>", "a@[127.0.0.1]", "a.@b.example", "x <a@b.example> y"};
        String[] names = {"From", "FROM", "from ", " From", "Fröm", "Sender", "Message-ID", "message-id", "Subject",
            "X-Other", "Received", "Subject\t"};
        String[] values = {" hello", "<1@x>", " ünïcode", "", " a:b:c", "  spaced  "};
        SplittableRandom random = new SplittableRandom(7);
        List<String> headers = new ArrayList<>();
        for (String from : froms) {
            headers.add("From: " + from + "\r\n\r\nbody\r\n");
            headers.add("From:" + from + "\r\n\tcontinued@x.example\r\n\r\n");
            headers.add("Subject: s\nFrom: " + from + "\n\n");
        }
        for (int i = 0; i < 3_000; i++) {
            StringBuilder h = new StringBuilder();
            int fields = random.nextInt(0, 7);
            for (int f = 0; f < fields; f++) {
                String name = names[random.nextInt(names.length)];
                String value = name.trim().equalsIgnoreCase("from") ? " " + froms[random.nextInt(froms.length)]
                        : values[random.nextInt(values.length)];
                h.append(name).append(':').append(value).append(random.nextBoolean() ? "\r\n" : "\n");
                if (random.nextInt(5) == 0) {
                    h.append(random.nextBoolean() ? " " : "\t").append(values[random.nextInt(values.length)]).append("\r\n");
                }
            }
            switch (random.nextInt(4)) {
                case 0 -> h.append("\r\nbody\r\n");
                case 1 -> h.append("not a field\r\n\r\n");
                case 2 -> h.append(" leading continuation\r\n\r\n");
                default -> { }
            }
            headers.add(h.toString());
        }
        for (String header : headers) {
            byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
            assertThat(MessageHeaders.read(bytes)).as(header).isEqualTo(Reference.read(bytes));
        }
    }

    /** How the fields were read before: every line decoded, every field split, every From given to mime4j. */
    private static final class Reference {
        static MessageHeaders read(byte[] message) {
            int limit = Math.min(message.length, MessageHeaders.MAX_HEADER_OCTETS);
            String[] taken = new String[3];
            boolean[] sender = new boolean[1];
            int lineStart = 0;
            int headerEnd = message.length;
            StringBuilder field = null;
            while (lineStart < limit) {
                int lf = -1;
                for (int i = lineStart; i < limit; i++) {
                    if (message[i] == '\n') {
                        lf = i;
                        break;
                    }
                }
                int lineEnd = lf < 0 ? limit : lf;
                int textEnd = lineEnd > lineStart && message[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                String line = new String(message, lineStart, textEnd - lineStart, StandardCharsets.UTF_8);
                boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
                if (!continuation && field != null) {
                    take(field.toString(), taken, sender);
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
                    headerEnd = lineStart;
                    break;
                }
                lineStart = lf < 0 ? limit : lf + 1;
            }
            if (field != null) {
                take(field.toString(), taken, sender);
            }
            return new MessageHeaders(addresses(taken[0]), sender[0], taken[1], taken[2], headerEnd);
        }

        private static void take(String field, String[] taken, boolean[] sender) {
            int colon = field.indexOf(':');
            String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).trim();
            switch (name) {
                case "from" -> taken[0] = taken[0] == null ? value : taken[0];
                case "sender" -> sender[0] = true;
                case "message-id" -> taken[1] = taken[1] == null ? value : taken[1];
                case "subject" -> taken[2] = taken[2] == null ? value : taken[2];
                default -> { }
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
                        if (out.size() < 100 && m.getDomain() != null && !m.getDomain().isEmpty()) {
                            out.add(m.getAddress().toLowerCase(Locale.ROOT));
                        }
                    }
                }
            } catch (RuntimeException unparseable) {
                return List.of();
            }
            return out;
        }
    }

    private static MessageHeaders read(String message) {
        return MessageHeaders.read(message.getBytes(StandardCharsets.UTF_8));
    }
}
