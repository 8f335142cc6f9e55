package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the transcripts in {@code src/test/resources/imap/}: {@code C:} lines are sent, {@code S:} lines
 * must come back exactly, {@code ! starttls} upgrades the connection; {@code ${blob}}, {@code ${password}}
 * and {@code ${uidvalidity}} (INBOX) are filled in.
 */
class ImapTranscriptIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAP, Endpoint.IMAPS));

    @ParameterizedTest
    @ValueSource(strings = {"session-993.txt", "list-select.txt", "starttls-143.txt", "not-connected.txt"})
    void replaysTheTranscriptExactly(String name) throws IOException {
        List<String> script = read(name);
        boolean on143 = name.endsWith("-143.txt");
        if (script.contains("# setup: imap-disabled")) {
            emulator.tenant().updateMailbox(DefaultTenant.ADELE, m -> m.imapEnabled(false));
        }
        emulator.delivery().deliver(DefaultTenant.ADELE, "Subject: one\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        emulator.delivery().deliver(DefaultTenant.ADELE, "Subject: two\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII));
        emulator.store().open(DefaultTenant.ADELE).inbox().storeFlags(List.of(1L),
                dev.o365emulator.server.internal.store.MailFolder.FlagOperation.ADD, dev.o365emulator.server.internal.store.Flags.SEEN);
        try (LineClient client = on143 ? LineClient.connect(emulator.address(Endpoint.IMAP))
                : LineClient.connectTls(emulator.address(Endpoint.IMAPS), emulator.certificates().clientSslContext(),
                        "outlook.office365.com")) {
            int lineNumber = 0;
            for (String raw : script) {
                lineNumber++;
                String line = fill(raw);
                if (line.startsWith("C: ")) {
                    client.send(line.substring(3));
                } else if (line.startsWith("S: ")) {
                    assertThat(client.readLine()).as(name + ":" + lineNumber).isEqualTo(line.substring(3));
                } else if (line.equals("! starttls")) {
                    client.startTls(emulator.certificates().clientSslContext(), "outlook.office365.com");
                }
            }
            assertThat(client.isClosedByServer()).as(name + " ends with the server closing").isTrue();
        }
    }

    private static String fill(String line) {
        return line.replace("${blob}", emulator.identity().greetingBlob())
                .replace("${password}", DefaultTenant.ADELE_PASSWORD)
                .replace("${uidvalidity}", String.valueOf(emulator.store().open(DefaultTenant.ADELE).inbox().uidValidity()));
    }

    private static List<String> read(String name) throws IOException {
        try (InputStream in = ImapTranscriptIT.class.getResourceAsStream("/imap/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
