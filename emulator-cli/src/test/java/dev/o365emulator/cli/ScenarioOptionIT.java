package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScenarioOptionIT {

    @TempDir
    Path dataDir;

    @Test
    void startsWithABuiltInScenarioAndMarksTheFirewalledEndpoints() throws Exception {
        StringWriter out = new StringWriter();
        EmulatorCommand command = new EmulatorCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(command)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true))
                .execute("--ports", "ephemeral", "--data-dir", dataDir.toString(), "--scenario", "port-995-blocked"));
        Await.until("the endpoint table", Duration.ofSeconds(20), () -> out.toString().contains("Stop with Ctrl-C."));
        Emulator emulator = command.running();
        assertThat(out.toString()).containsPattern("(?m)^pop3s +127\\.0\\.0\\.1:" + emulator.port(Endpoint.POP3S)
                + " +implicit TLS  \\(drop-connect by the scenario\\)$")
                .contains("Scenario: port-995-blocked < office365");
        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(emulator.address(Endpoint.POP3S), 500))
                    .isInstanceOf(SocketTimeoutException.class);
        }
        command.stop();
        assertThat(exit.join()).isZero();
    }
}
