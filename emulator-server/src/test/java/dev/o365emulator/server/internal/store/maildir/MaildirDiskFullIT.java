package dev.o365emulator.server.internal.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.store.SpecialUse;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.LineClient;
import dev.o365emulator.server.testing.SubmissionLogin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up under the Maildir store, over real SMTP and IMAP connections: the message that
 * cannot be written is refused with a transient reply, never acknowledged, and the next one after space
 * is back is stored.
 */
class MaildirDiskFullIT {
    private static final String BODY = "Subject: disk\r\n\r\n" + "d".repeat(78).concat("\r\n").repeat(20);

    @TempDir
    Path root;

    private final FailingFiles disk = new FailingFiles();
    private Emulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private void start() {
        emulator = Internals.maildir(Emulator.builder().endpoints(Endpoint.SMTP, Endpoint.SUBMISSION, Endpoint.IMAPS),
                root, MaildirOptions.defaults().withFiles(disk)).start();
    }

    @Test
    void smtpAnswers452InsufficientSystemStorageAndStoresNothingOfTheMessage() throws IOException {
        start();
        try (LineClient mx = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            mx.readSmtpReply();
            mx.send("EHLO mta.fabrikam.com");
            mx.readSmtpReply();
            assertThat(inbound(mx)).startsWith("250 2.6.0 ");
            disk.failAfter(100);
            assertThat(inbound(mx)).isEqualTo("452 4.3.1 Insufficient system storage");
            assertThat(Internals.of(emulator).store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
            disk.failAfter(-1);
            assertThat(inbound(mx)).as("space back").startsWith("250 2.6.0 ");
        }
        try (LineClient client = submission()) {
            disk.failAfter(100);
            client.sendRaw("MAIL FROM:<adele@contoso.com>\r\nRCPT TO:<megan@contoso.com>\r\nDATA\r\n");
            assertThat(List.of(client.readLine(), client.readLine(), client.readLine())).containsExactly(
                    "250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "354 Start mail input; end with <CRLF>.<CRLF>");
            client.sendRaw("From: adele@contoso.com\r\n" + BODY + ".\r\n");
            assertThat(client.readSmtpReply()).containsExactly("452 4.3.1 Insufficient system storage");
        }
        disk.failAfter(-1);
        assertThat(Internals.of(emulator).store().open("adele@contoso.com").folder(SpecialUse.SENT).exists()).isZero();
        assertThat(Internals.of(emulator).store().open("megan@contoso.com").inbox().exists()).isZero();
        assertThat(Internals.of(emulator).store().open("alex@contoso.com").inbox().exists()).isEqualTo(2);
    }

    @Test
    void imapAppendGetsNoOverquotaAndTheMailboxStaysAsItWas() throws IOException {
        start();
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            client.readLine();
            client.send("l1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
            assertThat(client.readLine()).isEqualTo("l1 OK LOGIN completed.");
            assertThat(append(client, "a1", BODY)).startsWith("a1 OK [APPENDUID ");
            disk.failAfter(100);
            assertThat(append(client, "a2", BODY)).isEqualTo("a2 NO [OVERQUOTA] APPEND failed.");
            disk.failAfter(-1);
            assertThat(append(client, "a3", BODY)).startsWith("a3 OK [APPENDUID ");
        }
        assertThat(Internals.of(emulator).store().open(DefaultTenant.ADELE).folder(SpecialUse.DRAFTS).snapshot().messages())
                .extracting(h -> h.uid()).as("a message whose file could not be written took no UID")
                .containsExactly(1L, 2L);
    }

    private static String append(LineClient client, String tag, String message) throws IOException {
        client.send(tag + " APPEND Drafts {" + message.length() + "+}");
        client.sendRaw(message + "\r\n");
        List<String> lines = client.readUntil(tag + " ");
        return lines.get(lines.size() - 1);
    }

    private static String inbound(LineClient mx) throws IOException {
        mx.sendRaw("MAIL FROM:<sender@fabrikam.com>\r\nRCPT TO:<alex@contoso.com>\r\nDATA\r\n");
        assertThat(List.of(mx.readLine(), mx.readLine(), mx.readLine())).containsExactly("250 2.1.0 Sender OK",
                "250 2.1.5 Recipient OK", "354 Start mail input; end with <CRLF>.<CRLF>");
        mx.sendRaw(BODY + ".\r\n");
        return mx.readSmtpReply().get(0);
    }

    private LineClient submission() throws IOException {
        return SubmissionLogin.loggedIn(emulator, DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD);
    }
}
