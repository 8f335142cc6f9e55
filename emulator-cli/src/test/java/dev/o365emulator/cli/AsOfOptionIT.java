package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.tenant.BasicAuthSmtpSubmission;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --as-of DATE}: the emulator's clock at start, and the basic-auth phase that date chooses. */
class AsOfOptionIT {

    @TempDir
    Path dataDir;

    private Emulator start(String... extra) {
        EmulatorCommand command = new EmulatorCommand();
        String[] args = new String[extra.length + 4];
        args[0] = "--ports";
        args[1] = "ephemeral";
        args[2] = "--data-dir";
        args[3] = dataDir.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        new CommandLine(command).parseArgs(args);
        return command.start(new PrintWriter(new StringWriter(), true));
    }

    @Test
    void aDateIn2027StartsTheClockThereAndDisablesSmtpBasicAuthByDefault() {
        try (Emulator emulator = start("--as-of", "2027-03-01")) {
            assertThat(emulator.tenant().clock().instant()).isBetween(Instant.parse("2027-03-01T00:00:00Z"),
                    Instant.parse("2027-03-01T01:00:00Z"));
            assertThat(emulator.tenant().smtpSubmissionPhase()).isEqualTo(BasicAuthSmtpSubmission.DISABLED_BY_DEFAULT);
        }
    }

    @Test
    void anInstantInDecember2026KeepsBasicAuthAndWithoutTheOptionNothingChanges() {
        try (Emulator emulator = start("--as-of", "2026-12-31T23:00:00Z")) {
            assertThat(emulator.tenant().smtpSubmissionPhase()).isEqualTo(BasicAuthSmtpSubmission.ALLOWED);
        }
        try (Emulator emulator = start()) {
            assertThat(emulator.tenant().smtpSubmissionPhase()).isEqualTo(BasicAuthSmtpSubmission.ALLOWED);
        }
    }

    @Test
    void aValueThatIsNoDateIsRefusedWithTheFormatsItTakes() {
        assertThatThrownBy(() -> new CommandLine(new EmulatorCommand()).parseArgs("--as-of", "next year"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("is not a date (YYYY-MM-DD) or an instant");
    }
}
