package dev.o365emulator.server.internal.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Maildir store's forced writes never run on an event loop: with one I/O thread for every connection
 * and a disk that holds a delivery's forced write, another connection is still greeted and served, and the
 * held command's reply comes once the write is through, before the replies to what was pipelined behind
 * it. The same for what IMAP writes besides APPEND: a mailbox's first opening at LOGIN (and POP3's PASS), the {@code \Seen}
 * a FETCH sets, and the folder list's changes.
 */
class MaildirWritesOffTheEventLoopIT {
    private static final String BODY = "Subject: held\r\n\r\nheld by the disk\r\n";

    @TempDir
    Path root;

    private final HeldDisk disk = new HeldDisk();
    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = Internals.maildir(Emulator.builder().ioThreads(1).endpoints(Endpoint.SMTP, Endpoint.IMAPS, Endpoint.POP3S),
                root, MaildirOptions.defaults().withFiles(disk)).start();
    }

    @AfterEach
    void stop() {
        disk.release();
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aDeliveryWaitingForTheDiskLeavesTheEventLoopToOtherConnections() throws IOException {
        try (LineClient held = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            held.readSmtpReply();
            held.send("EHLO mta.fabrikam.com");
            held.readSmtpReply();
            held.sendRaw("MAIL FROM:<sender@fabrikam.com>\r\nRCPT TO:<alex@contoso.com>\r\nDATA\r\n");
            assertThat(List.of(held.readLine(), held.readLine(), held.readLine())).containsExactly(
                    "250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "354 Start mail input; end with <CRLF>.<CRLF>");
            held.sendRaw(BODY + ".\r\nNOOP\r\n");
            Await.until("the message file's force is held", Duration.ofSeconds(20), () -> disk.held() > 0);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                assertThat(other.readSmtpReply().get(0)).as("greeted by the only event loop").startsWith("220 ");
                other.send("EHLO other.fabrikam.com");
                assertThat(other.readSmtpReply().get(0)).startsWith("250");
            }

            disk.release();
            assertThat(held.readSmtpReply().get(0)).startsWith("250 2.6.0 ");
            assertThat(held.readSmtpReply()).as("the pipelined NOOP, after the message's reply")
                    .containsExactly("250 2.0.0 OK");
        }
        assertThat(Internals.of(emulator).store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
        assertThat(disk.forcers()).isNotEmpty().noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void anImapAppendWaitingForTheDiskLeavesTheEventLoopToOtherConnections() throws IOException {
        // A mailbox's first opening creates its directories; only the APPEND is looked at here.
        Internals.of(emulator).store().open(DefaultTenant.ADELE);
        int before = disk.forcers().size();
        try (LineClient imap = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            imap.readLine();
            imap.send("l1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
            assertThat(imap.readLine()).isEqualTo("l1 OK LOGIN completed.");
            imap.send("a1 APPEND Drafts {" + BODY.length() + "+}");
            imap.sendRaw(BODY + "\r\nn1 NOOP\r\n");
            Await.until("the message file's force is held", Duration.ofSeconds(20), () -> disk.held() > 0);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                assertThat(other.readSmtpReply().get(0)).as("greeted by the only event loop").startsWith("220 ");
            }

            disk.release();
            assertThat(imap.readUntil("a1 ")).last().asString().startsWith("a1 OK [APPENDUID ");
            assertThat(imap.readUntil("n1 ")).last().isEqualTo("n1 OK NOOP completed.");
        }
        List<Thread> forcers = disk.forcers();
        assertThat(forcers.subList(before, forcers.size())).isNotEmpty().noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGIN", "FETCH 1 BODY[]", "CREATE Projects", "RENAME Reports Reports-2026",
            "DELETE Reports", "SUBSCRIBE Reports"})
    void anImapCommandThatWritesTheStoreLeavesTheEventLoopToOtherConnections(String command) throws IOException {
        boolean login = command.equals("LOGIN");
        if (!login) {
            // Opened (its directories made) and filled before the client comes: only the command is looked at.
            disk.settingUp(() -> {
                var mailbox = Internals.of(emulator).store().open(DefaultTenant.ADELE);
                mailbox.inbox().append(Internals.of(emulator).store().newMessage(BODY.getBytes(StandardCharsets.US_ASCII)),
                        Flags.NONE);
                mailbox.create("Reports");
            });
        }
        try (LineClient imap = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            imap.readLine();
            String held = "h1 " + (login ? "LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD : command);
            if (!login) {
                imap.send("l1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
                assertThat(imap.readLine()).isEqualTo("l1 OK LOGIN completed.");
                imap.send("s1 SELECT INBOX");
                assertThat(imap.readUntil("s1 ")).last().asString().startsWith("s1 OK");
            }
            int before = disk.forcers().size();
            disk.holdEveryForce();
            imap.sendRaw(held + "\r\nn1 NOOP\r\n");
            Await.until("the command's force is held", Duration.ofSeconds(20), () -> disk.held() > 0);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                assertThat(other.readSmtpReply().get(0)).as("greeted by the only event loop").startsWith("220 ");
            }

            disk.release();
            assertThat(imap.readUntil("h1 ")).last().asString().startsWith("h1 OK");
            assertThat(imap.readUntil("n1 ")).last().isEqualTo("n1 OK NOOP completed.");
            List<Thread> forcers = disk.forcers();
            assertThat(forcers.subList(before, forcers.size())).isNotEmpty()
                    .noneMatch(t -> t instanceof FastThreadLocalThread);
        }
    }

    @Test
    void aPop3LoginThatOpensTheMailboxLeavesTheEventLoopToOtherConnections() throws IOException {
        try (LineClient pop = LineClient.connectTls(emulator.address(Endpoint.POP3S),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            assertThat(pop.readLine()).startsWith("+OK");
            pop.send("USER " + DefaultTenant.ADELE);
            assertThat(pop.readLine()).startsWith("+OK");
            disk.holdEveryForce();
            pop.sendRaw("PASS " + DefaultTenant.ADELE_PASSWORD + "\r\nSTAT\r\n");
            Await.until("the mailbox's first opening is held", Duration.ofSeconds(20), () -> disk.held() > 0);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                assertThat(other.readSmtpReply().get(0)).as("greeted by the only event loop").startsWith("220 ");
            }

            disk.release();
            assertThat(pop.readLine()).startsWith("+OK");
            assertThat(pop.readLine()).as("the pipelined STAT, after the login's reply").isEqualTo("+OK 0 0");
        }
        assertThat(disk.forcers()).isNotEmpty().noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void aSessionThatDeletesItsSelectedFolderOffTheEventLoopIsNotEndedForIt() throws IOException {
        disk.release();
        Internals.of(emulator).store().open(DefaultTenant.ADELE).create("Reports");
        try (LineClient imap = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            imap.readLine();
            imap.send("l1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
            assertThat(imap.readLine()).isEqualTo("l1 OK LOGIN completed.");
            imap.send("s1 SELECT Reports");
            assertThat(imap.readUntil("s1 ")).last().asString().startsWith("s1 OK");
            imap.sendRaw("d1 DELETE Reports\r\nn1 NOOP\r\n");
            assertThat(imap.readUntil("d1 ")).as("no BYE for its own deletion").containsExactly("d1 OK DELETE completed.");
            assertThat(imap.readUntil("n1 ")).containsExactly("n1 OK NOOP completed.");
        }
    }

    @Test
    void aPop3UpdateWaitingForTheDiskLeavesTheEventLoopToOtherConnections() throws IOException {
        var inbox = Internals.of(emulator).store().open(DefaultTenant.ADELE).inbox();
        disk.settingUp(() -> inbox.append(Internals.of(emulator).store().newMessage(BODY.getBytes(StandardCharsets.US_ASCII)),
                Flags.NONE));
        try (LineClient pop = LineClient.connectTls(emulator.address(Endpoint.POP3S),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            assertThat(pop.readLine()).startsWith("+OK");
            pop.send("USER " + DefaultTenant.ADELE);
            assertThat(pop.readLine()).startsWith("+OK");
            pop.send("PASS " + DefaultTenant.ADELE_PASSWORD);
            assertThat(pop.readLine()).startsWith("+OK");
            pop.send("DELE 1");
            assertThat(pop.readLine()).startsWith("+OK");
            int before = disk.forcers().size();
            disk.holdEveryForce();
            pop.send("QUIT");
            Await.until("the UPDATE's force is held", Duration.ofSeconds(20), () -> disk.held() > 0);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                assertThat(other.readSmtpReply().get(0)).as("greeted by the only event loop").startsWith("220 ");
            }

            disk.release();
            assertThat(pop.readLine()).isEqualTo("+OK Microsoft Exchange Server POP3 server signing off.");
            List<Thread> forcers = disk.forcers();
            assertThat(forcers.subList(before, forcers.size())).isNotEmpty()
                    .noneMatch(t -> t instanceof FastThreadLocalThread);
        }
        assertThat(inbox.exists()).isZero();
    }
}
