package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScenarioCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new EmulatorCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void listsEveryBuiltInWithItsDescription() {
        assertThat(run("scenarios")).isZero();
        assertThat(out.toString()).contains("office365\n", "port-587-blocked\n", "sendas-denied\n", "imap-disabled\n")
                .contains("firewall", "Office 365");
    }

    @Test
    void validatesAGoodFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ok.yaml"), """
                name: ok
                extends: server-busy
                rules:
                  - id: mine
                    when: { stage: auth }
                    then: { preset: bad-credentials }
                """);
        assertThat(run("validate", file.toString())).isZero();
        assertThat(out.toString()).contains("valid scenario 'ok' (ok < server-busy < office365), 3 rules")
                .contains("  mine\n", "  busy-three-times\n", "  port-465-not-served\n");
    }

    @Test
    void reportsABadFileWithLineColumnAndRuleId(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                name: bad
                rules:
                  - id: late-firewall
                    when: { stage: auth }
                    then: { fault: drop-connect }
                """);
        assertThat(run("validate", file.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith(file + ":5:").contains("rule 'late-firewall'", "needs stage: connect");
    }

    @Test
    void refusesToStartWithAnUnknownScenario() {
        assertThat(run("--ports", "ephemeral", "--scenario", "no-such-scenario")).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-scenario", "neither a built-in scenario");
    }
}
