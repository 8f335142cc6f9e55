package dev.o365emulator.server.internal.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The message checks, limit and limit + 1 where there is one. */
class MessageLintTest {

    private static final String GOOD_HEADER = "From: Adele Vance <adele@contoso.com>\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <1@contoso.com>\r\nSubject: hi\r\n\r\n";

    private static java.util.List<String> ids(String message, boolean declared8Bit) {
        return MessageLint.judge(message.getBytes(StandardCharsets.UTF_8), declared8Bit).stream()
                .map(FindingKind::id).toList();
    }

    @Test
    void aWellFormedMessageHasNone() {
        assertThat(ids(GOOD_HEADER + "Hello.\r\n", false)).isEmpty();
    }

    @Test
    void aLineOf998OctetsIsFineAnd999IsTooLong() {
        assertThat(ids(GOOD_HEADER + "x".repeat(998) + "\r\n", false)).isEmpty();
        assertThat(ids(GOOD_HEADER + "x".repeat(999) + "\r\n", false)).containsExactly("line-too-long");
        assertThat(ids(GOOD_HEADER + "x".repeat(999), false)).as("last line without CRLF").containsExactly("line-too-long");
    }

    @Test
    void eightBitNeedsTheDeclaration() {
        assertThat(ids(GOOD_HEADER + "caf\u00e9\r\n", false)).containsExactly("8bit-without-8bitmime");
        assertThat(ids(GOOD_HEADER + "caf\u00e9\r\n", true)).isEmpty();
    }

    @Test
    void headerFieldsAreFoundFoldedAndInAnyCase() {
        assertThat(ids("from: a <a@contoso.com>\r\nDATE:\r\n Mon, 1 Dec 2026 10:00:00 +0000\r\nmessage-id: <x@y>\r\n\r\nb\r\n",
                false)).isEmpty();
        assertThat(ids("Subject: x\r\n\r\nMessage-ID: <in the body@x>\r\n", false))
                .containsExactly("missing-message-id", "missing-date");
    }

    @Test
    void anAddressInTheDisplayNameIsFoundButNotAPlainName() {
        assertThat(MessageLint.addressInDisplayName("\"alerts@x.com\" <noreply@contoso.com>")).isTrue();
        assertThat(MessageLint.addressInDisplayName("alerts@x.com <noreply@contoso.com>")).isTrue();
        assertThat(MessageLint.addressInDisplayName("\"Alerts (x.com)\" <noreply@contoso.com>")).isFalse();
        assertThat(MessageLint.addressInDisplayName("noreply@contoso.com")).isFalse();
    }

    @Test
    void aBareLfAnywhereIsFound() {
        assertThat(ids(GOOD_HEADER + "one\ntwo\r\n", false)).containsExactly("bare-lf");
    }

    /**
     * The header is read as octets, only Message-ID, Date and From becoming text; for any header the lint
     * must find what reading every line as text found (the reference below is that reading).
     */
    @Test
    void findsWhatSplittingTheHeaderIntoTextLinesFound() {
        String[] names = {"From", "FROM", " from ", "From\u00a0", "Fr\u00f6m", "Date", "date\t", "Message-ID",
            "MESSAGE-id", "Message-ID\u001c", "Subject", "X-Other", ""};
        String[] values = {" Adele Vance <adele@contoso.com>", " \"a@b.example\" <a@b.example>", " a@b.example <c@d.example>",
            "", " x", "\u00a0a@b.c <x@y.z>", " Adele\u001c <a@b.c>", " <1@x>", " \u00e9l\u00e8ve@x.example <e@x.example>"};
        String[] ends = {"\r\n", "\n", "\r\r\n", "\r"};
        String[] continuations = {" a@b.example <x@y.z>", "\tmore", " ", "\t\u00a0x@y.zz <q@r.s>", " : colon"};
        SplittableRandom random = new SplittableRandom(11);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder m = new StringBuilder();
            if (random.nextInt(6) == 0) {
                m.append(continuations[random.nextInt(continuations.length)]).append("\r\n");
            }
            int lines = random.nextInt(0, 8);
            for (int l = 0; l < lines; l++) {
                switch (random.nextInt(8)) {
                    case 0 -> m.append(continuations[random.nextInt(continuations.length)]);
                    case 1 -> m.append("not a field");
                    case 2 -> m.append(":no name");
                    default -> m.append(names[random.nextInt(names.length)]).append(':')
                            .append(values[random.nextInt(values.length)]);
                }
                m.append(ends[random.nextInt(ends.length)]);
            }
            m.append(random.nextBoolean() ? "\r\nbody\r\n" : "");
            messages.add(m.toString());
        }
        for (String message : messages) {
            byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(MessageLint.judge(bytes, true)).as(message).isEqualTo(Reference.judge(bytes));
        }
    }

    /** The lint's header reading before: the header as text, split into lines, every field's name and value. */
    private static final class Reference {
        static List<FindingKind> judge(byte[] message) {
            int end = message.length;
            for (int i = 0; i < message.length; i++) {
                if (message[i] == '\n' && (i + 1 < message.length && message[i + 1] == '\n'
                        || i + 2 < message.length && message[i + 1] == '\r' && message[i + 2] == '\n')) {
                    end = i + 1;
                    break;
                }
            }
            List<String[]> fields = new ArrayList<>();
            for (String line : new String(message, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n")) {
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
            List<FindingKind> found = new ArrayList<>();
            if (field(fields, "message-id") == null) {
                found.add(FindingKinds.MISSING_MESSAGE_ID);
            }
            if (field(fields, "date") == null) {
                found.add(FindingKinds.MISSING_DATE);
            }
            // The body-wide checks are the same code either way; only the header's are compared.
            List<FindingKind> bodyWide = MessageLint.judge(message, true);
            for (FindingKind kind : bodyWide) {
                if (kind != FindingKinds.MISSING_MESSAGE_ID && kind != FindingKinds.MISSING_DATE
                        && kind != FindingKinds.FROM_DISPLAY_NAME_ADDRESS) {
                    found.add(kind);
                }
            }
            String from = field(fields, "from");
            if (from != null && MessageLint.addressInDisplayName(from)) {
                found.add(FindingKinds.FROM_DISPLAY_NAME_ADDRESS);
            }
            return found;
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
}
