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
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A FETCH or SEARCH (IMAP), a RETR or TOP (POP3) of messages the Maildir store has not got in memory reads
 * their files off the event loop:
 * with one I/O thread for every connection and a disk that holds the reading, another connection is still
 * greeted, and the answer comes, complete and in order, once the files are read. A FETCH that needs nothing
 * from the files reads none.
 */
class MaildirReadsOffTheEventLoopIT {
    private static final int MESSAGES = 70;

    @TempDir
    Path root;

    private final HeldDisk disk = new HeldDisk();
    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = Internals.maildir(Emulator.builder().ioThreads(1).endpoints(Endpoint.SMTP, Endpoint.IMAPS, Endpoint.POP3S),
                root, MaildirOptions.defaults().withFiles(disk)).start();
        // Appended by the store itself, so nothing of them is in its cache when the client asks.
        disk.settingUp(() -> {
            var inbox = Internals.of(emulator).store().open(DefaultTenant.ADELE).inbox();
            for (int i = 1; i <= MESSAGES; i++) {
                inbox.append(Internals.of(emulator).store().newMessage(body(i).getBytes(StandardCharsets.US_ASCII)),
                        Flags.NONE);
            }
        });
    }

    @AfterEach
    void stop() {
        disk.release();
        if (emulator != null) {
            emulator.close();
        }
    }

    private static String body(int n) {
        return "From: sender" + n + "@fabrikam.com\r\nSubject: message " + n + "\r\n\r\nbody of message " + n + "\r\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"BODY.PEEK[]", "ENVELOPE", "BODY.PEEK[HEADER.FIELDS (Subject)]"})
    void aFetchWaitingForTheDiskLeavesTheEventLoopToOtherConnections(String attribute) throws IOException {
        try (LineClient imap = selected()) {
            disk.holdReads();
            imap.sendRaw("f1 FETCH 1:* (" + attribute + ")\r\nn1 NOOP\r\n");
            Await.until("a message file's reading is held", Duration.ofSeconds(20), () -> disk.held() > 0);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                assertThat(other.readSmtpReply().get(0)).as("greeted by the only event loop").startsWith("220 ");
            }

            disk.release();
            List<String> fetched = imap.readUntil("f1 ");
            assertThat(fetched).last().isEqualTo("f1 OK FETCH completed.");
            assertThat(fetched.stream().filter(line -> line.matches("\\* \\d+ FETCH .*"))
                    .map(line -> Integer.parseInt(line.substring(2, line.indexOf(' ', 2)))))
                    .as("one response a message, in order").containsExactlyElementsOf(
                            IntStream.rangeClosed(1, MESSAGES).boxed().toList());
            String all = String.join("\n", fetched);
            for (int i = 1; i <= MESSAGES; i++) {
                assertThat(Pattern.compile("message " + i + "(?!\\d)").matcher(all).find())
                        .as("message %d's content", i).isTrue();
            }
            assertThat(imap.readUntil("n1 ")).last().isEqualTo("n1 OK NOOP completed.");
        }
        assertThat(disk.readers()).hasSize(MESSAGES).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void aSearchWaitingForTheDiskLeavesTheEventLoopToOtherConnections() throws IOException {
        try (LineClient imap = selected()) {
            disk.holdReads();
            imap.sendRaw("q1 SEARCH BODY \"body of message 42\"\r\nn1 NOOP\r\n");
            Await.until("a message file's reading is held", Duration.ofSeconds(20), () -> disk.held() > 0);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                assertThat(other.readSmtpReply().get(0)).as("greeted by the only event loop").startsWith("220 ");
            }

            disk.release();
            assertThat(imap.readUntil("q1 ")).containsExactly("* SEARCH 42", "q1 OK SEARCH completed.");
            assertThat(imap.readUntil("n1 ")).last().isEqualTo("n1 OK NOOP completed.");
        }
        assertThat(disk.readers()).hasSize(MESSAGES).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETR 42", "TOP 42 1"})
    void aPop3ReadWaitingForTheDiskLeavesTheEventLoopToOtherConnections(String command) throws IOException {
        try (LineClient pop = LineClient.connectTls(emulator.address(Endpoint.POP3S),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com")) {
            assertThat(pop.readLine()).startsWith("+OK");
            pop.send("USER " + DefaultTenant.ADELE);
            assertThat(pop.readLine()).startsWith("+OK");
            pop.send("PASS " + DefaultTenant.ADELE_PASSWORD);
            assertThat(pop.readLine()).startsWith("+OK");
            disk.holdReads();
            pop.sendRaw(command + "\r\nNOOP\r\n");
            Await.until("the message file's reading is held", Duration.ofSeconds(20), () -> disk.held() > 0);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP))) {
                assertThat(other.readSmtpReply().get(0)).as("greeted by the only event loop").startsWith("220 ");
            }

            disk.release();
            assertThat(pop.readLine()).startsWith("+OK");
            assertThat(pop.readUntil(".")).contains("Subject: message 42", "body of message 42").last().isEqualTo(".");
            assertThat(pop.readLine()).as("the pipelined NOOP, after the message").isEqualTo("+OK");
        }
        assertThat(disk.readers()).hasSize(1).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void aFetchOfFlagsSizesAndDatesReadsNoFile() throws IOException {
        try (LineClient imap = selected()) {
            imap.send("f1 FETCH 1:* (FLAGS RFC822.SIZE UID)");
            assertThat(imap.readUntil("f1 ")).hasSize(MESSAGES + 1).last().isEqualTo("f1 OK FETCH completed.");
        }
        assertThat(disk.readers()).isEmpty();
    }

    private LineClient selected() throws IOException {
        LineClient imap = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                Internals.of(emulator).certificates().clientSslContext(), "outlook.office365.com");
        imap.readLine();
        imap.send("l1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
        assertThat(imap.readLine()).isEqualTo("l1 OK LOGIN completed.");
        imap.send("s1 SELECT INBOX");
        assertThat(imap.readUntil("s1 ")).last().asString().startsWith("s1 OK");
        return imap;
    }
}
