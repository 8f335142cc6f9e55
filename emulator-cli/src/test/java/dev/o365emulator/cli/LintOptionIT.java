package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --lint}: the findings of each client as one table when the emulator stops. */
class LintOptionIT {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();

    private CompletableFuture<Integer> run(EmulatorCommand command, String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "--ports";
        args[1] = "ephemeral";
        args[2] = "--data-dir";
        args[3] = dataDir.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(command)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true)).execute(args));
        Await.until("the endpoint table", Duration.ofSeconds(20), () -> out.toString().contains("Stop with Ctrl-C."));
        return exit;
    }

    @Test
    void printsEachClientsFindingsWhenItStops() throws Exception {
        EmulatorCommand command = new EmulatorCommand();
        CompletableFuture<Integer> exit = run(command, "--lint");
        Emulator emulator = command.running();
        for (int i = 0; i < 2; i++) {
            try (LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
                client.readSmtpReply();
                client.send("EHLO app.example");
                client.readSmtpReply();
                client.send("AUTH LOGIN");
                client.readSmtpReply();
                client.send("QUIT");
                client.readSmtpReply();
            }
        }
        Await.until("both sessions judged", Duration.ofSeconds(10), () -> emulator.journal()
                .sessions(r -> !r.findings().isEmpty()).size() == 2);
        command.stop();
        assertThat(exit.join()).isZero();
        assertThat(out.toString()).contains("Findings (--lint) in 2 sessions")
                .containsPattern("(?m)^client +finding +severity +sessions$")
                .containsPattern("(?m)^127\\.0\\.0\\.1 +auth-before-starttls +error +2$");
    }

    @Test
    void saysSoWhenNoClientDidWrongAndPrintsNothingWithoutTheOption() {
        EmulatorCommand command = new EmulatorCommand();
        CompletableFuture<Integer> exit = run(command, "--lint");
        command.stop();
        assertThat(exit.join()).isZero();
        assertThat(out.toString()).contains("Findings (--lint): none in 0 sessions.");

        out.getBuffer().setLength(0);
        EmulatorCommand plain = new EmulatorCommand();
        CompletableFuture<Integer> plainExit = run(plain);
        plain.stop();
        assertThat(plainExit.join()).isZero();
        assertThat(out.toString()).doesNotContain("Findings");
    }
}
