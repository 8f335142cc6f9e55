package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The plain start's reader sets what picocli would set, option for option, and leaves everything else to picocli. */
class PlainStartTest {

    /** A valid value for every valued option the plain start reads, and one in another spelling. */
    private static final Map<String, List<String>> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("--bind", List.of("0.0.0.0", "::1"));
        SAMPLES.put("--ports", List.of("ephemeral", "offset=10000"));
        SAMPLES.put("--data-dir", List.of("/tmp/o365 data", "relative/dir"));
        SAMPLES.put("--key", List.of("rsa", "ECDSA"));
        SAMPLES.put("--name", List.of("mail.example.test", "10.0.0.7"));
        SAMPLES.put("--mail-dir", List.of("/srv/eml", "eml"));
        SAMPLES.put("--store", List.of("memory", "MailDir"));
        SAMPLES.put("--mail-root", List.of("/srv/mail", "mail"));
        SAMPLES.put("--fsync", List.of("never", "ALWAYS"));
        SAMPLES.put("--scenario", List.of("generic", "scenarios/flaky.yaml"));
        SAMPLES.put("--store-budget", List.of("512MB", "unlimited"));
        SAMPLES.put("--in-flight-budget", List.of("128MB", "UNLIMITED"));
        SAMPLES.put("--max-connections", List.of("5", " 12000"));
        SAMPLES.put("--max-connections-per-ip", List.of("1", "10000"));
        SAMPLES.put("--tls-provider", List.of("jdk", "OpenSSL"));
        SAMPLES.put("--journal-budget", List.of("64MB", "65536"));
        SAMPLES.put("--as-of", List.of("2027-01-15", "2026-12-31T23:59:59Z"));
    }

    private static final Set<String> FLAGS = Set.of("--trace", "--regenerate-certs", "--exit-when-ready", "--lint",
            "--no-console");

    /** Left to picocli on purpose: its help, and a token it refuses is reported as picocli's usage error. */
    private static final Set<String> DECLINED = Set.of("--help", "--version", "--console-token");

    @Test
    void readsOrDeclinesEveryOptionPicocliKnows() {
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : new CommandLine(new EmulatorCommand()).getCommandSpec().options()) {
            known.add(option.longestName());
        }
        Set<String> covered = new TreeSet<>(SAMPLES.keySet());
        covered.addAll(FLAGS);
        covered.addAll(DECLINED);
        assertThat(covered).as("an option added to EmulatorCommand must be read by PlainStart (or declined there)")
                .isEqualTo(known);
    }

    @Test
    void noArgumentsGiveThePicocliDefaults() {
        assertSameAsPicocli();
    }

    @Test
    void everyValuedOptionInBothSpellingsGivesWhatPicocliGives() {
        SAMPLES.forEach((name, values) -> {
            for (String value : values) {
                assertSameAsPicocli(name, value);
                assertSameAsPicocli(name + "=" + value);
            }
        });
    }

    @Test
    void everyFlagGivesWhatPicocliGives() {
        for (String flag : FLAGS) {
            assertSameAsPicocli(flag);
        }
    }

    @Test
    void aFullCommandLineGivesWhatPicocliGives() {
        assertSameAsPicocli("--bind", "0.0.0.0", "--ports=offset=2000", "--data-dir", "/tmp/d", "--key", "rsa",
                "--name", "a.example.test", "--name=b.example.test", "--store", "maildir", "--mail-root", "/tmp/m",
                "--fsync", "never", "--scenario", "generic", "--store-budget", "1GB", "--in-flight-budget", "64MB",
                "--max-connections", "100", "--max-connections-per-ip", "10", "--tls-provider", "jdk",
                "--journal-budget", "1MB", "--as-of", "2027-01-01", "--trace", "--lint", "--no-console",
                "--regenerate-certs", "--exit-when-ready", "--mail-dir", "/tmp/eml");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--help", "-h", "--version", "-V", "scenarios", "validate x.yaml", "token adele@contoso.com",
        "--console-token abcdefghijklmnopqrstuvwxyz", "@args.txt", "--", "--unknown", "--trace=true",
        "--bind", "--bind=", "--bind --trace", "--ports nowhere", "--ports ephemeral --ports standard",
        "--trace --trace", "--key dsa", "--store disk", "--fsync sometimes", "--max-connections 0",
        "--max-connections -1", "--store-budget lots", "--journal-budget 1KB", "--tls-provider schannel",
        "--as-of yesterday", "--name -x", "--scenario @file", "--Trace"})
    void leavesToPicocliWhatIsNotAPlainWellFormedStart(String line) {
        assertThat(PlainStart.parse(line.split(" "))).isNull();
    }

    private static void assertSameAsPicocli(String... args) {
        EmulatorCommand byPicocli = new EmulatorCommand();
        new CommandLine(byPicocli).parseArgs(args);
        EmulatorCommand plain = PlainStart.parse(args);
        assertThat(plain).as("read by the plain start: %s", String.join(" ", args)).isNotNull();
        assertThat(values(plain)).as(String.join(" ", args)).isEqualTo(values(byPicocli));
    }

    /** Every option's value, read through picocli's model of the command (which reads the fields). */
    private static Map<String, Object> values(EmulatorCommand command) {
        Map<String, Object> values = new HashMap<>();
        for (OptionSpec option : new CommandLine(command).getCommandSpec().options()) {
            values.put(option.longestName(), String.valueOf((Object) option.getValue()));
        }
        return values;
    }
}
