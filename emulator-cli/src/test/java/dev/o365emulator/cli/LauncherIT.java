package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./o365-emulator} itself, run by bash on a copy of the packaged jar laid out as in the
 * repository: it records its class-data archive once, starts from it afterwards, and records it
 * anew when it no longer fits (here: truncated, which would crash HotSpot), never failing because
 * of it. Bounded: each run ends by itself or within a minute.
 *
 * <p>Each run is {@code --exit-when-ready} on ephemeral ports with a data directory of its own, so
 * it ends by itself once the table is printed.
 */
class LauncherIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private Path jar;
    private Path archive;

    /** The launcher, jvm.options and the jar just packaged, where the launcher looks for them. */
    @BeforeEach
    void layOutACopyOfTheRepository() throws IOException {
        Path repository = OutOfMemoryIT.repositoryRoot();
        Files.copy(repository.resolve("o365-emulator"), root.resolve("o365-emulator"));
        Files.copy(repository.resolve("jvm.options"), root.resolve("jvm.options"));
        Path target = Files.createDirectories(root.resolve("emulator-cli").resolve("target"));
        jar = target.resolve(packagedJar().getFileName());
        Files.copy(packagedJar(), jar);
        archive = target.resolve(jar.getFileName().toString().replaceAll("\\.jar$", ".jsa"));
    }

    @Test
    void recordsTheArchiveOnceStartsFromItAndRecordsItAgainWhenItNoLongerFits() throws Exception {
        Run record = run(Map.of("O365_EMULATOR_ARCHIVE_ONLY", "1"));
        assertThat(record.exit).as(record.toString()).isZero();
        assertThat(record.err).contains("recording a class-data archive");
        assertThat(record.out).as("only recorded, not started").doesNotContain("is running");
        assertThat(archive).isNotEmptyFile();

        Path classes = root.resolve("classes.log");
        Run start = run(Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes));
        assertThat(start.exit).as(start.toString()).isZero();
        assertThat(start.out).contains("o365-emulator is running");
        assertThat(start.err).doesNotContain("recording");
        assertThat(Files.readString(classes)).as("the CLI's own classes come from the archive")
                .contains("dev.o365emulator.cli.EmulatorCommand source: shared objects file (top)");

        // HotSpot dies of SIGBUS mapping half an archive: the launcher must not hand it one.
        long recorded = Files.size(archive);
        archive.toFile().setWritable(true);
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(recorded / 3);
        }
        Run afterDamage = run(Map.of());
        assertThat(afterDamage.exit).as(afterDamage.toString()).isZero();
        assertThat(afterDamage.out).contains("o365-emulator is running");
        assertThat(afterDamage.err).contains("recording a class-data archive");
        assertThat(Files.size(archive)).as("recorded whole again").isGreaterThan(recorded / 2);
    }

    @Test
    void unpacksNettysNativeLibrariesWithTheArchiveAndNeverLinksADamagedOne() throws Exception {
        Run record = run(Map.of("O365_EMULATOR_ARCHIVE_ONLY", "1"));
        assertThat(record.exit).as(record.toString()).isZero();
        Path natives = archive.resolveSibling(jar.getFileName().toString().replaceAll("\\.jar$", ".native"));
        Path openSsl = null;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().startsWith("META-INF/native/") && entry.getName().endsWith(".so")) {
                    Path unpacked = natives.resolve(Path.of(entry.getName()).getFileName());
                    assertThat(unpacked).as(entry.getName()).hasSize(entry.getSize());
                    openSsl = unpacked.getFileName().toString().startsWith("libnetty_tcnative") ? unpacked : openSsl;
                }
            }
        }
        assertThat(openSsl).as("OpenSSL's library among them").isNotNull();

        // Netty copies a library it does not find in java.library.path into its work directory first.
        Path workdir = Files.createDirectories(root.resolve("netty-workdir"));
        String keepCopies = "-Dio.netty.native.workdir=" + workdir + " -Dio.netty.native.deleteLibAfterLoading=false";
        Run start = run(Map.of("JAVA_OPTS", keepCopies));
        assertThat(start.exit).as(start.toString()).isZero();
        assertThat(start.out).contains("o365-emulator is running").contains(", openssl TLS,");
        try (var copies = Files.list(workdir)) {
            assertThat(copies).as("nothing copied out of the jar").isEmpty();
        }

        // Linking half a library can crash the JVM: a changed one is unpacked again before any start uses it.
        long size = Files.size(openSsl);
        try (RandomAccessFile file = new RandomAccessFile(openSsl.toFile(), "rw")) {
            file.setLength(size / 3);
        }
        Run afterDamage = run(Map.of());
        assertThat(afterDamage.exit).as(afterDamage.toString()).isZero();
        assertThat(afterDamage.out).contains("o365-emulator is running");
        assertThat(afterDamage.err).contains("recording a class-data archive");
        assertThat(Files.size(openSsl)).as("unpacked whole again").isEqualTo(size);
    }

    @Test
    void startsWithoutAnArchiveWhenToldTo() throws Exception {
        Run start = run(Map.of("O365_EMULATOR_ARCHIVE", "off"));

        assertThat(start.exit).as(start.toString()).isZero();
        assertThat(start.out).contains("o365-emulator is running");
        assertThat(start.err).doesNotContain("recording");
        assertThat(archive).doesNotExist();
    }

    private Run run(Map<String, String> environment) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("o365-emulator").toString()));
        if (!environment.containsKey("O365_EMULATOR_ARCHIVE_ONLY")) {
            Path data = Files.createTempDirectory(root, "data");
            command.addAll(List.of("--exit-when-ready", "--ports", "ephemeral", "--data-dir", data.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        // The launcher runs the java on PATH: the one running this test.
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.remove("JAVA_OPTS");
        env.putAll(environment);
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the launcher ended").isTrue();
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    /** The shaded jar of this module, packaged before the integration tests run. */
    private static Path packagedJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "emulator-cli-*-cli.jar")) {
            for (Path candidate : jars) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("no emulator-cli-*-cli.jar in target: run the integration tests after package");
    }

    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
