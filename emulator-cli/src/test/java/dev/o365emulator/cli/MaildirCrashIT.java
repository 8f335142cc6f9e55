package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone emulator killed with SIGKILL while mail arrives, on its default Maildir store: after a
 * restart on the same directory every message it acknowledged with {@code 250} is there, byte for byte,
 * no message is there in part, the Inbox's UIDVALIDITY is the one it had, and no UID is given twice.
 *
 * <p>A child JVM runs the CLI (with the launcher's JVM options) on a temporary data directory; one client
 * sends messages of varied sizes over port 25 and records each {@code 250}; the test kills the process
 * once a round's count of acknowledgements is reached, while the next message is on its way, then starts
 * it again and reads the Inbox over IMAP. Three rounds, each bounded by count and time. The first also
 * shows that a second emulator on the same directory is turned away with one line.
 */
class MaildirCrashIT {
    private static final int[] KILL_AFTER = {5, 23, 41};
    private static final int CONCURRENT_SENDERS = 8;
    private static final int CONCURRENT_KILL_AFTER = 60;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PORT = Pattern.compile("(?m)^(smtp|imaps) +127\\.0\\.0\\.1:(\\d+) ");
    private static final Pattern FETCH = Pattern.compile("^\\* \\d+ FETCH \\(BODY\\[\\] \\{(\\d+)\\}$");
    private static final Pattern UID = Pattern.compile("^ UID (\\d+)\\)$");
    private static final Pattern RECEIVED = Pattern.compile("Received: [^\\r\\n]*(\\r\\n[ \\t][^\\r\\n]*)*\\r\\n");

    @TempDir
    Path dir;

    /** A running child emulator and the files its output goes to. */
    private record Child(Process process, Path out, Path err) {
        InetSocketAddress address(String endpoint) {
            Matcher m = PORT.matcher(read(out));
            while (m.find()) {
                if (m.group(1).equals(endpoint)) {
                    return new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(2)));
                }
            }
            throw new AssertionError("no " + endpoint + " in " + read(out) + read(err));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKillWholeWithItsUidValidityAndNoUidTwice() throws Exception {
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        Long uidValidity = null;
        int sent = 0;
        for (int round = 0; round < KILL_AFTER.length; round++) {
            Child child = start("round" + round);
            try {
                if (round == 0) {
                    secondEmulatorIsTurnedAway();
                }
                int target = acknowledged.size() + KILL_AFTER[round];
                Sender sender = new Sender(child.address("smtp"), round, acknowledged);
                Thread thread = new Thread(sender, "crash-test-sender");
                thread.start();
                Await.until("acknowledgements before the kill", ROUND_TIMEOUT,
                        () -> acknowledged.size() >= target || !thread.isAlive());
                child.kill();
                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(thread.isAlive()).isFalse();
                assertThat(acknowledged.size()).as("acknowledged before the kill").isGreaterThanOrEqualTo(target);
                sent += sender.sent;
            } finally {
                child.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }

            Child restarted = start("check" + round);
            try {
                Inbox inbox = readInbox(restarted);
                if (uidValidity == null) {
                    uidValidity = inbox.uidValidity;
                }
                assertThat(inbox.uidValidity).as("UIDVALIDITY after restart %d", round).isEqualTo(uidValidity);
                assertThat(new HashSet<>(inbox.uids)).as("UIDs are unique").hasSize(inbox.uids.size());
                assertThat(inbox.uids).as("UIDs ascend").isSorted();
                Map<String, Integer> stored = new HashMap<>();
                for (String message : inbox.messages) {
                    Matcher received = RECEIVED.matcher(message);
                    assertThat(received.lookingAt()).as("a stored message starts with its Received field").isTrue();
                    stored.merge(message.substring(received.end()), 1, Integer::sum);
                }
                for (String message : acknowledged) {
                    assertThat(stored.get(message)).as("acknowledged message %s", id(message)).isEqualTo(1);
                }
                // Whatever else is there is a whole message the client sent (its 250 lost in the kill), never a part.
                for (String message : stored.keySet()) {
                    assertThat(message).matches("(?s)Message-ID: <crash-\\d+-\\d+@fabrikam\\.com>\\r\\n.*")
                            .endsWith("-- end --\r\n");
                }
                assertThat(inbox.messages.size()).isBetween(acknowledged.size(), sent);
            } finally {
                restarted.kill();
            }
        }
    }

    /**
     * Deliveries to one Inbox over many connections at once commit as groups (several acknowledged by one
     * flush): killed right after a burst of their {@code 250}s, the restarted store still holds every
     * acknowledged message once, whole, under unique ascending UIDs.
     */
    @Test
    void concurrentDeliveriesToOneInboxSurviveAKillRightAfterTheirAcknowledgements() throws Exception {
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        Child child = start("concurrent");
        List<Sender> senders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int c = 0; c < CONCURRENT_SENDERS; c++) {
                // Rounds 100 and up: message ids of their own, apart from the sequential test's.
                Sender sender = new Sender(child.address("smtp"), 100 + c, acknowledged);
                Thread thread = new Thread(sender, "crash-test-sender-" + c);
                senders.add(sender);
                threads.add(thread);
                thread.start();
            }
            Await.until("acknowledgements before the kill", ROUND_TIMEOUT,
                    () -> acknowledged.size() >= CONCURRENT_KILL_AFTER || threads.stream().noneMatch(Thread::isAlive));
            child.kill();
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(thread.isAlive()).isFalse();
            }
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(CONCURRENT_KILL_AFTER);
        } finally {
            child.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Child restarted = start("concurrent-check");
        try {
            Inbox inbox = readInbox(restarted);
            assertThat(new HashSet<>(inbox.uids)).as("UIDs are unique").hasSize(inbox.uids.size());
            assertThat(inbox.uids).as("UIDs ascend").isSorted();
            Map<String, Integer> stored = new HashMap<>();
            for (String message : inbox.messages) {
                Matcher received = RECEIVED.matcher(message);
                assertThat(received.lookingAt()).as("a stored message starts with its Received field").isTrue();
                stored.merge(message.substring(received.end()), 1, Integer::sum);
            }
            for (String message : acknowledged) {
                assertThat(stored.get(message)).as("acknowledged message %s", id(message)).isEqualTo(1);
            }
            for (String message : stored.keySet()) {
                assertThat(message).matches("(?s)Message-ID: <crash-\\d+-\\d+@fabrikam\\.com>\\r\\n.*")
                        .endsWith("-- end --\r\n");
            }
            int sent = senders.stream().mapToInt(s -> s.sent).sum();
            assertThat(inbox.messages.size()).isBetween(acknowledged.size(), sent);
        } finally {
            restarted.kill();
        }
    }

    /** A second emulator on the same data directory ends at once with one clear line. */
    private void secondEmulatorIsTurnedAway() throws Exception {
        Child second = spawn("second");
        assertThat(second.process().waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.process().exitValue()).isEqualTo(1);
        assertThat(read(second.err())).containsOnlyOnce("o365-emulator: the mail store " + dir.resolve("data")
                .resolve("mail").toAbsolutePath() + " is in use by another emulator (pid ");
    }

    private Child start(String name) throws Exception {
        Child child = spawn(name);
        Await.until("the endpoint table of " + name, START_TIMEOUT,
                () -> !child.process().isAlive() || read(child.out()).contains("Stop with Ctrl-C."));
        assertThat(child.process().isAlive()).as("started; stderr: %s", read(child.err())).isTrue();
        return child;
    }

    private Child spawn(String name) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(OutOfMemoryIT.launcherJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmulatorCommand.class.getName(),
                "--ports", "ephemeral", "--data-dir", dir.resolve("data").toString()));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Child(process, out, err);
    }

    /** Sends messages to alex over the MX until the connection breaks; records the ones acknowledged. */
    private static final class Sender implements Runnable {
        private final InetSocketAddress smtp;
        private final int round;
        private final List<String> acknowledged;
        volatile int sent;

        Sender(InetSocketAddress smtp, int round, List<String> acknowledged) {
            this.smtp = smtp;
            this.round = round;
            this.acknowledged = acknowledged;
        }

        @Override
        public void run() {
            try (LineClient mx = LineClient.connect(smtp, Duration.ofSeconds(30))) {
                mx.readSmtpReply();
                mx.send("EHLO mta.fabrikam.com");
                mx.readSmtpReply();
                for (int i = 0; i < 10_000; i++) {
                    String message = message(round, i);
                    mx.sendRaw("MAIL FROM:<sender@fabrikam.com>\r\nRCPT TO:<alex@contoso.com>\r\nDATA\r\n");
                    mx.readSmtpReply();
                    mx.readSmtpReply();
                    mx.readSmtpReply();
                    sent++;
                    mx.sendRaw(message + ".\r\n");
                    if (mx.readSmtpReply().get(0).startsWith("250 ")) {
                        acknowledged.add(message);
                    }
                }
            } catch (IOException killed) {
                // The kill: the message on its way has no 250, and may or may not have been stored.
            }
        }
    }

    /** A message of its own size (a few hundred bytes to about 70 KB), unique by round and number. */
    private static String message(int round, int i) {
        StringBuilder b = new StringBuilder("Message-ID: <crash-" + round + "-" + i + "@fabrikam.com>\r\n"
                + "Subject: crash test " + round + "/" + i + "\r\n\r\n");
        int lines = 1 + (i * 97 + round * 31) % 1000;
        for (int l = 0; l < lines; l++) {
            b.append("line ").append(l).append(' ').append("z".repeat(60)).append("\r\n");
        }
        return b.append("-- end --\r\n").toString();
    }

    private static String id(String message) {
        return message.substring(0, message.indexOf("\r\n"));
    }

    private record Inbox(long uidValidity, List<Long> uids, List<String> messages) {
    }

    /** The Inbox as IMAP shows it: UIDVALIDITY, then every message's UID and bytes. */
    private Inbox readInbox(Child child) throws Exception {
        try (LineClient imap = LineClient.connectTls(child.address("imaps"), trust(), "outlook.office365.com")) {
            imap.readLine();
            imap.send("a LOGIN alex@contoso.com Passw0rd!alex");
            assertThat(imap.readLine()).isEqualTo("a OK LOGIN completed.");
            imap.send("b SELECT INBOX");
            long validity = -1;
            for (String line : imap.readUntil("b ")) {
                Matcher m = Pattern.compile("\\[UIDVALIDITY (\\d+)\\]").matcher(line);
                if (m.find()) {
                    validity = Long.parseLong(m.group(1));
                }
            }
            imap.send("c UID FETCH 1:* (BODY.PEEK[])");
            List<Long> uids = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            while (true) {
                String line = imap.readLine();
                if (line.startsWith("c ")) {
                    assertThat(line).isEqualTo("c OK FETCH completed.");
                    break;
                }
                Matcher fetch = FETCH.matcher(line);
                assertThat(fetch.matches()).as(line).isTrue();
                int length = Integer.parseInt(fetch.group(1));
                StringBuilder literal = new StringBuilder(length);
                while (literal.length() < length) {
                    literal.append(imap.readLine()).append("\r\n");
                }
                assertThat(literal.length()).isEqualTo(length);
                Matcher uid = UID.matcher(imap.readLine());
                assertThat(uid.matches()).isTrue();
                uids.add(Long.parseLong(uid.group(1)));
                messages.add(literal.toString());
            }
            imap.send("d LOGOUT");
            return new Inbox(validity, uids, messages);
        }
    }

    private SSLContext trust() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("data/certs/truststore.p12"))) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
