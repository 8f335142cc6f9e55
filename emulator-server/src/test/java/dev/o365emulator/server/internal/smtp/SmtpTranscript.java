package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.testing.EmulatorExtension;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.TlsMode;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a transcript file from {@code src/test/resources/smtp/} against an emulator and checks every
 * reply line.
 *
 * <p>Format, one item per line ({@code #} starts a comment):
 * <ul>
 *   <li>{@code @endpoint submission}: the endpoint to connect to (first line; implicit TLS for {@code smtps})</li>
 *   <li>{@code C: text}: a line the client sends (CRLF added)</li>
 *   <li>{@code R: text}: raw text sent as is, with {@code \r} and {@code \n} escapes</li>
 *   <li>{@code S: text}: the next reply line, literally, except for placeholders: {@code {HOST}} and
 *       {@code {MXHOST}} (banner hosts), {@code {DATE}} (banner date), {@code {MARKER}} (instance
 *       marker), {@code {TRAILER}} and {@code {MXTRAILER}} ({@code [fqdn timestamp marker]}),
 *       {@code {MAILBOX_SERVER}}, {@code {MSGID}} (a {@code <…>} id) and {@code {ANY}}</li>
 *   <li>{@code !starttls}: the TLS handshake after a {@code 220 2.0.0}; {@code !closed}: the server closed the connection</li>
 * </ul>
 */
final class SmtpTranscript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Z_]+)}");

    private SmtpTranscript() {
    }

    /** Plays {@code smtp/<name>} and returns the lines it checked, for the failure message. */
    static void play(EmulatorExtension emulator, String name) throws IOException {
        try {
            run(emulator, name);
        } catch (AssertionError | IOException e) {
            // The server's side of the story: the journal of the last SMTP connection.
            List<dev.o365emulator.server.internal.journal.SessionRecord> sessions = emulator.journal().sessions();
            String journal = sessions.isEmpty() ? "" : sessions.get(sessions.size() - 1).transcript().stream()
                    .map(Object::toString).collect(java.util.stream.Collectors.joining("\n"));
            throw new AssertionError(e.getMessage() + "\nserver journal:\n" + journal, e);
        }
    }

    private static void run(EmulatorExtension emulator, String name) throws IOException {
        List<String> script = load(name);
        assertThat(script.get(0)).as("first line of " + name).startsWith("@endpoint ");
        Endpoint endpoint = Endpoint.fromId(script.get(0).substring("@endpoint ".length()));
        Map<String, String> placeholders = placeholders(emulator.identity());
        try (LineClient client = endpoint.tlsMode() == TlsMode.IMPLICIT
                ? LineClient.connectTls(emulator.address(endpoint), emulator.certificates().clientSslContext(),
                        "smtp.office365.com")
                : LineClient.connect(emulator.address(endpoint))) {
            for (int i = 1; i < script.size(); i++) {
                String line = script.get(i);
                String where = name + ":" + (i + 1) + ": ";
                if (line.equals("C:")) {
                    client.send("");
                } else if (line.startsWith("C: ")) {
                    client.send(line.substring(3));
                } else if (line.startsWith("R: ")) {
                    client.sendRaw(line.substring(3).replace("\\r", "\r").replace("\\n", "\n"));
                } else if (line.startsWith("S: ")) {
                    String actual = client.readLine();
                    assertThat(actual).as(where + "expected " + line.substring(3))
                            .matches(pattern(line.substring(3), placeholders));
                } else if (line.equals("!starttls")) {
                    client.startTls(emulator.certificates().clientSslContext(), "smtp.office365.com");
                } else if (line.equals("!closed")) {
                    assertThat(client.isClosedByServer()).as(where + "server closes the connection").isTrue();
                } else {
                    throw new AssertionError(where + "unknown transcript line: " + line);
                }
            }
        }
    }

    private static List<String> load(String name) throws IOException {
        try (InputStream in = SmtpTranscript.class.getResourceAsStream("/smtp/" + name)) {
            assertThat(in).as("transcript " + name).isNotNull();
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private static Map<String, String> placeholders(HostIdentity id) {
        String time = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
        String marker = Pattern.quote(id.instanceMarker());
        return Map.of(
                "HOST", Pattern.quote(id.bannerHost()),
                "MXHOST", Pattern.quote(id.mxBannerHost()),
                "DATE", "[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000",
                "MARKER", marker,
                "TRAILER", "\\[" + Pattern.quote(id.fqdn()) + " " + time + " " + marker + "]",
                "MXTRAILER", "\\[" + Pattern.quote(id.mxFqdn()) + " " + time + " " + marker + "]",
                "MAILBOX_SERVER", Pattern.quote(id.mailboxServerFqdn()),
                "MSGID", "<[^<>]+>",
                "ANY", ".*");
    }

    private static String pattern(String expected, Map<String, String> placeholders) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(expected);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(expected.substring(last, m.start())));
            String replacement = placeholders.get(m.group(1));
            regex.append(replacement != null ? replacement : Pattern.quote(m.group()));
            last = m.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        return regex.toString();
    }
}
