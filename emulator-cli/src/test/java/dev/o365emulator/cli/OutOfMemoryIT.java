package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone emulator, run with the launcher's JVM options ({@code jvm.options}), ends on an
 * {@code OutOfMemoryError} with the error reported, instead of living on with dead threads and ports
 * that accept but never answer.
 *
 * <p>A child JVM with a tiny heap runs the CLI with its memory budgets lifted, so that ordinary mail
 * exhausts the heap: 1 MB messages over port 25, one connection, until the process ends (bounded by
 * count and time).
 */
class OutOfMemoryIT {

    private static final String HEAP = "-Xmx64m";
    private static final int MAX_MESSAGES = 400;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SMTP_PORT = Pattern.compile("(?m)^smtp +127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    Path dir;

    @Test
    void anOutOfMemoryErrorEndsTheProcessWithTheErrorReported() throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launcherJvmOptions());
        command.add(HEAP);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmulatorCommand.class.getName(),
                "--ports", "ephemeral", "--data-dir", dir.resolve("data").toString(), "--store", "memory",
                "--store-budget", "unlimited", "--in-flight-budget", "unlimited"));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Await.until("the endpoint table", Duration.ofSeconds(30),
                    () -> !process.isAlive() || SMTP_PORT.matcher(read(out)).find());
            Matcher port = SMTP_PORT.matcher(read(out));
            assertThat(port.find()).as("started; stderr: %s", read(err)).isTrue();

            int accepted = sendUntilTheServerFails(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))),
                    process);

            assertThat(process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("the process ended after %d messages were accepted", accepted).isTrue();
            assertThat(process.exitValue()).isNotZero();
            // HotSpot reports it on stdout ("Terminating due to java.lang.OutOfMemoryError: Java heap space").
            assertThat(read(out) + read(err)).contains("Terminating due to java.lang.OutOfMemoryError");
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The options {@code ./o365-emulator} passes to java, read from the file it reads them from. */
    static List<String> launcherJvmOptions() throws IOException {
        Path root = repositoryRoot();
        assertThat(Files.readString(root.resolve("o365-emulator"))).contains("jvm.options");
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("jvm.options"))) {
            String option = line.strip();
            if (!option.isEmpty() && !option.startsWith("#")) {
                options.add(option);
            }
        }
        return options;
    }

    /** The repository root, holding the {@code o365-emulator} launcher. */
    static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("o365-emulator"))) {
            root = root.getParent();
        }
        assertThat(root).as("the repository root (holding the o365-emulator launcher)").isNotNull();
        return root;
    }

    /** 1 MB messages to the MX until the server stops answering; returns how many it accepted. */
    private static int sendUntilTheServerFails(InetSocketAddress smtp, Process process) {
        String line = "x".repeat(998) + "\r\n";
        String body = "Subject: heap\r\n\r\n" + line.repeat(1024) + ".\r\n";
        int accepted = 0;
        try (LineClient client = LineClient.connect(smtp)) {
            client.readSmtpReply();
            client.send("EHLO mta.fabrikam.com");
            client.readSmtpReply();
            while (accepted < MAX_MESSAGES && process.isAlive()) {
                client.sendRaw("MAIL FROM:<sender@fabrikam.com>\r\nRCPT TO:<alex@contoso.com>\r\nDATA\r\n");
                client.readSmtpReply();
                client.readSmtpReply();
                client.readSmtpReply();
                client.sendRaw(body);
                if (!client.readSmtpReply().get(0).startsWith("250")) {
                    break;
                }
                accepted++;
            }
        } catch (IOException serverGone) {
            // Expected: the process ended (or stopped answering) while a message was on its way.
        }
        return accepted;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
