package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o365emulator.server.internal.net.OverLimitRefusal;
import dev.o365emulator.server.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone emulator in a process of its own with a small file descriptor limit ({@code ulimit -n
 * 400}): with the default caps a flood is refused before the descriptors run out; with caps set too
 * high, accepting pauses when they do, says so once, and resumes once connections close.
 */
class FileDescriptorLimitIT {

    private static final int DESCRIPTORS = 400;

    @TempDir
    Path dataDir;

    private Process emulator;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket client : clients) {
            client.close();
        }
        if (emulator != null) {
            emulator.destroy();
            emulator.waitFor();
        }
    }

    @Test
    void withTheDefaultCapsAFloodIsRefusedBeforeTheDescriptorsRunOut() throws Exception {
        int port = start();
        assertThat(out.toString()).contains("Connections: at most 144 at once, 144 per client address.");

        int greeted = 0;
        int refused = 0;
        for (int i = 0; i < 250; i++) {
            Socket client = connect(port);
            String first = firstLine(client);
            if (first.startsWith("+OK The Microsoft Exchange POP3 service is ready.")) {
                greeted++;
            } else {
                assertThat(first).isEqualTo(OverLimitRefusal.POP3);
                refused++;
            }
        }

        assertThat(greeted).isEqualTo(144);
        assertThat(refused).isEqualTo(106);
        assertThat(err.toString()).doesNotContain("Too many open files")
                .contains("Refused a connection over the connection limits (127.0.0.1 to pop3");
    }

    @Test
    void whenTheDescriptorsRunOutAcceptingPausesIsReportedOnceAndResumes() throws Exception {
        int port = start("--max-connections", "100000", "--max-connections-per-ip", "100000");
        // The kernel completes each connect by itself; the emulator runs out of descriptors accepting them.
        for (int i = 0; i < DESCRIPTORS; i++) {
            connect(port);
        }
        Await.until("the failed accept to be reported", Duration.ofSeconds(20),
                () -> err.indexOf("Too many open files") >= 0);
        for (Socket client : clients) {
            client.close();
        }
        clients.clear();

        Socket after = connect(port);
        after.setSoTimeout(10_000);
        assertThat(firstLine(after)).as("served again once descriptors are free")
                .startsWith("+OK The Microsoft Exchange POP3 service is ready.");
        assertThat(err.toString().lines().filter(line -> line.contains("Cannot accept a connection")))
                .as(err.toString()).hasSizeBetween(1, 2)
                .first().asString().contains("Too many open files");
        assertThat(err.toString()).as("no warning per failed accept").doesNotContain("reached at the tail");
    }

    /** Starts the CLI under {@code ulimit -n}, waits for its table and returns the pop3 port. */
    private int start(String... options) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for ulimit");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n " + DESCRIPTORS
                + " && exec \"$0\" \"$@\"", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                EmulatorCommand.class.getName(), "--ports", "ephemeral", "--data-dir", dataDir.toString(),
                "--scenario", "generic"));
        command.addAll(List.of(options));
        emulator = new ProcessBuilder(command).start();
        drain(emulator.getInputStream(), out);
        drain(emulator.getErrorStream(), err);
        Await.until("the endpoint table", Duration.ofSeconds(60),
                () -> out.indexOf("Stop with Ctrl-C.") >= 0 || !emulator.isAlive());
        assertThat(emulator.isAlive()).as(err.toString()).isTrue();
        Matcher pop3 = Pattern.compile("(?m)^pop3 +127\\.0\\.0\\.1:(\\d+) ").matcher(out);
        assertThat(pop3.find()).as(out.toString()).isTrue();
        return Integer.parseInt(pop3.group(1));
    }

    private Socket connect(int port) throws IOException {
        Socket client = new Socket();
        clients.add(client);
        client.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        client.setSoTimeout(5_000);
        return client;
    }

    private static String firstLine(Socket client) throws IOException {
        try {
            return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (SocketTimeoutException e) {
            return "<nothing within " + client.getSoTimeout() + " ms>";
        }
    }

    private static void drain(InputStream stream, StringBuffer into) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    into.append(line).append('\n');
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "emulator-output");
        reader.setDaemon(true);
        reader.start();
    }
}
