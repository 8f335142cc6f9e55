package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs starting on one data directory at once: the file lock must keep it consistent. */
class ConcurrentProcessesIT {

    private static final int PROCESSES = 3;
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dataDir;

    @Test
    void jvmsStartingTogetherShareOneCaAndOneServerCertificate() throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), LoadOrCreate.class.getName(), dataDir.toString())
                        .redirectErrorStream(true).start());
            }
            List<String> outputs = new ArrayList<>();
            for (Process process : processes) {
                String output = new String(process.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
                assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("process finished").isTrue();
                assertThat(process.exitValue()).as(output).isZero();
                outputs.add(output.strip());
            }

            CertificateBundle afterwards = CertificateBundle.loadOrCreate(dataDir);
            assertThat(outputs).containsOnly(LoadOrCreate.fingerprint(afterwards));
            try (var files = Files.list(afterwards.directory())) {
                assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    /** The child JVM: loads or creates the bundle and prints what it got. */
    public static final class LoadOrCreate {

        private LoadOrCreate() {
        }

        public static void main(String[] args) throws IOException {
            System.out.println(fingerprint(CertificateBundle.loadOrCreate(Path.of(args[0]))));
        }

        static String fingerprint(CertificateBundle bundle) {
            return HexFormat.of().formatHex(bundle.caCertificate().getSignature()) + "/"
                    + HexFormat.of().formatHex(bundle.serverCertificate().getSignature());
        }
    }
}
