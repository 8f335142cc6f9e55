package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * APPEND and COPY into a mailbox that has no room: {@code NO [OVERQUOTA]} for the mailbox's quota,
 * {@code NO [LIMIT]} for the emulator's store budget, nothing stored either way; MOVE always fits.
 */
class ImapQuotaIT {

    private static final String MESSAGE = "From: alex@contoso.com\r\nSubject: quota\r\n\r\n" + "q".repeat(998) + "\r\n";

    private Emulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private Emulator start(Emulator.Builder builder) {
        emulator = builder.endpoints(Endpoint.IMAPS).start();
        return emulator;
    }

    private MailboxStore adele() {
        return Internals.of(emulator).store().open(DefaultTenant.ADELE);
    }

    private void quota(long bytes) {
        emulator.tenant().update(t -> t.limits(emulator.tenant().settings().limits().withMailboxQuota(bytes)));
    }

    @Test
    void appendExactlyToTheQuotaIsStoredAndOneOctetPastItGetsOverquota() throws IOException {
        start(Emulator.builder());
        quota(2L * MESSAGE.length());
        try (LineClient client = login()) {
            assertThat(append(client, "a1", "INBOX", MESSAGE)).startsWith("a1 OK [APPENDUID ");
            assertThat(append(client, "a2", "Drafts", MESSAGE)).as("exactly at the quota").startsWith("a2 OK [APPENDUID ");
            assertThat(append(client, "a3", "INBOX", "x")).isEqualTo("a3 NO [OVERQUOTA] APPEND failed.");
            assertThat(adele().size()).isEqualTo(2L * MESSAGE.length());

            command(client, "a4", "SELECT INBOX");
            command(client, "a5", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(command(client, "a6", "EXPUNGE")).containsExactly("* 1 EXPUNGE", "a6 OK EXPUNGE completed.");
            assertThat(append(client, "a7", "INBOX", MESSAGE + "x")).as("one octet more than was freed")
                    .isEqualTo("a7 NO [OVERQUOTA] APPEND failed.");
            assertThat(append(client, "a8", "INBOX", MESSAGE)).startsWith("a8 OK [APPENDUID ");
        }
    }

    @Test
    void copyPastTheQuotaAddsNothingAndMoveInAFullMailboxWorks() throws IOException {
        start(Emulator.builder());
        quota(3L * MESSAGE.length());
        try (LineClient client = login()) {
            append(client, "a1", "INBOX", MESSAGE);
            append(client, "a2", "INBOX", MESSAGE);
            command(client, "a3", "SELECT INBOX");
            assertThat(command(client, "a4", "COPY 1:2 Archive")).containsExactly("a4 NO [OVERQUOTA] COPY failed.");
            assertThat(adele().folder("Archive").orElseThrow().exists()).isZero();
            assertThat(command(client, "a5", "COPY 1 Archive")).last().asString().startsWith("a5 OK [COPYUID ");
            assertThat(adele().size()).isEqualTo(3L * MESSAGE.length());

            assertThat(command(client, "a6", "MOVE 1:2 Archive")).last().isEqualTo("a6 OK MOVE completed.");
            assertThat(adele().folder("Archive").orElseThrow().exists()).isEqualTo(3);
        }
    }

    @Test
    void aStreamedAppendThatCannotFitIsReadAndRefusedWithoutBeingHeld() throws IOException {
        start(Emulator.builder());
        // Past the decoder's streaming threshold, so the literal arrives in chunks.
        String large = "Subject: large\r\n\r\n" + "L".repeat(998).concat("\r\n").repeat(100);
        quota(large.length() - 1);
        try (LineClient client = login()) {
            assertThat(append(client, "a1", "INBOX", large)).isEqualTo("a1 NO [OVERQUOTA] APPEND failed.");
            quota(large.length());
            assertThat(append(client, "a2", "INBOX", large)).startsWith("a2 OK [APPENDUID ");
            assertThat(command(client, "a3", "NOOP")).containsExactly("a3 OK NOOP completed.");
        }
        assertThat(Internals.of(emulator).journal().sessions().get(0).transcript()).anyMatch(
                line -> line.text().equals("APPEND refused before its literal was stored: QUOTA_EXCEEDED"));
    }

    @Test
    void theStoreBudgetRefusesWithLimit() throws IOException {
        start(Emulator.builder().storeBudget(MailStore.cost(MESSAGE.length(), 1)));
        try (LineClient client = login()) {
            assertThat(append(client, "a1", "INBOX", MESSAGE)).as("exactly the budget").startsWith("a1 OK [APPENDUID ");
            assertThat(append(client, "a2", "INBOX", "x")).isEqualTo("a2 NO [LIMIT] APPEND failed.");
            command(client, "a3", "SELECT INBOX");
            assertThat(command(client, "a4", "COPY 1 Archive")).containsExactly("a4 NO [LIMIT] COPY failed.");
        }
        assertThat(adele().inbox().exists()).isEqualTo(1);
    }

    private LineClient login() throws IOException {
        LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com");
        client.readLine();
        client.send("l1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
        assertThat(client.readLine()).isEqualTo("l1 OK LOGIN completed.");
        return client;
    }

    private static String append(LineClient client, String tag, String folder, String message) throws IOException {
        client.send(tag + " APPEND " + folder + " {" + message.length() + "+}");
        client.sendRaw(message + "\r\n");
        // The tagged reply, after any untagged EXISTS for the selected folder.
        List<String> lines = client.readUntil(tag + " ");
        return lines.get(lines.size() - 1);
    }

    private static List<String> command(LineClient client, String tag, String command) throws IOException {
        client.send(tag + " " + command);
        return client.readUntil(tag + " ");
    }
}
