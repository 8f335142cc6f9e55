package dev.o365emulator.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real non-Java client (openssl, curl, python3) with a deadline and captures what it printed. */
public final class ExternalClient {

    private static final long TIMEOUT_SECONDS = 30;

    /** What the client printed (stdout and stderr merged) and its exit code. */
    public record Result(int exitCode, String output) {}

    private ExternalClient() {}

    /** Skips the test when {@code program} is not on the PATH (.ci/run installs them). */
    public static void assumeInstalled(String program) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(dir, program));
        }
        assumeTrue(found, program + " is not installed");
    }

    /** Runs the command with an empty standard input. */
    public static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), "");
    }

    /** Runs the command, feeding it {@code input}. */
    public static Result run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = ("<read failed: " + e + ">").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
    }
}
