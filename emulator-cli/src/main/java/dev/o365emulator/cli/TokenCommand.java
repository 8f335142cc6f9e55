package dev.o365emulator.cli;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.certs.CertificateCacheException;
import dev.o365emulator.certs.KeyAlgorithm;
import dev.o365emulator.scenarios.ScenarioException;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Tokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code o365-emulator token USER [--scope S]… [--expires-in DURATION]}: prints a delegated access token
 * that an emulator running with the same {@code --data-dir} (whose signing key signs it) and
 * {@code --scenario} (whose tenant names the user) accepts, or refuses as Office 365 would: an expired
 * one at login, one without the protocol's scope after it.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints an access token for USER that an emulator with the same --data-dir and --scenario"
                + " accepts for XOAUTH2 (or, expired or without the protocol's scope, refuses as Office 365 does).")
final class TokenCommand implements Callable<Integer> {

    /** A duration as people write it: {@code 30s}, {@code -5m}, {@code 2h}, {@code 1d}. */
    private static final Pattern SHORT_DURATION = Pattern.compile("(-?\\d+)([smhd])");

    @Parameters(paramLabel = "USER", description = "The mailbox the token is for, e.g. adele@contoso.com.")
    String user;

    @Option(names = "--scope", paramLabel = "SCOPE",
            description = "A delegated permission, e.g. SMTP.Send or https://outlook.office.com/IMAP.AccessAsUser.All"
                    + " (repeatable; default: IMAP.AccessAsUser.All, POP.AccessAsUser.All and SMTP.Send).")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--expires-in", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the token is good for: 30s, 10m, 2h, 1d or ISO-8601 (PT90M); negative for a token"
                    + " that has already expired (default: 1h).")
    Duration expiresIn = Duration.ofHours(1);

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The running emulator's data directory, whose signing key signs the token"
                    + " (default: ~/.o365-emulator).")
    Path dataDir = CertificateBundle.defaultDataDirectory();

    @Option(names = "--key", paramLabel = "ec|rsa", converter = OptionConverters.KeyAlgorithmConverter.class,
            description = "The key type the data directory's CA was made with (default: ec).")
    KeyAlgorithm key = KeyAlgorithm.EC_P256;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "The running emulator's scenario, whose tenant the user belongs to (default: office365).")
    String scenario;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String token;
        try {
            Emulator.Builder builder = Emulator.builder().dataDirectory(dataDir).keyAlgorithm(key);
            if (scenario != null) {
                builder.scenario(ScenarioLoader.resolve(scenario));
            }
            List<String> permissions = scopes.isEmpty() ? Tokens.MAIL_SCOPES
                    : scopes.stream().map(TokenCommand::permission).toList();
            token = builder.offlineTokens().delegated(user, permissions, expiresIn);
        } catch (ScenarioException e) {
            return fail(err, 2, e.getMessage());
        } catch (CertificateCacheException e) {
            return fail(err, 1, e.getMessage() + ". " + EmulatorCommand.remedy(e));
        } catch (IllegalArgumentException e) {
            return fail(err, 1, e.getMessage());
        }
        // The token alone on standard output, so TOKEN=$(o365-emulator token …) works.
        out.println(token);
        out.flush();
        return 0;
    }

    /** {@code https://outlook.office.com/SMTP.Send} as the token's {@code scp} names it: {@code SMTP.Send}. */
    static String permission(String scope) {
        int slash = scope.lastIndexOf('/');
        return slash >= 0 ? scope.substring(slash + 1) : scope;
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("o365-emulator: " + message);
        err.flush();
        return code;
    }

    /** {@code 30s}, {@code -5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT90M}, {@code -PT5M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = SHORT_DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "expected a duration such as 30s, 10m, 2h, 1d, -5m or PT90M, not: " + value);
            }
        }
    }
}
