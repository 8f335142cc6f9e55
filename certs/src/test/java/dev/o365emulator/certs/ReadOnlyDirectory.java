package dev.o365emulator.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a directory truly read-only for this process while open: permissions for an ordinary user,
 * a read-only bind mount for root (whom permissions do not stop). Skips the test, saying why, where
 * neither works.
 */
final class ReadOnlyDirectory implements AutoCloseable {

    private final Path directory;
    private final boolean mounted;
    private final Map<Path, Set<PosixFilePermission>> permissions;

    private ReadOnlyDirectory(Path directory, boolean mounted, Map<Path, Set<PosixFilePermission>> permissions) {
        this.directory = directory;
        this.mounted = mounted;
        this.permissions = permissions;
    }

    static ReadOnlyDirectory of(Path directory) throws IOException, InterruptedException {
        ReadOnlyDirectory readOnly;
        if ("root".equals(System.getProperty("user.name"))) {
            boolean mounted = run("mount", "--bind", "-o", "ro", directory.toString(), directory.toString());
            if (!mounted) {
                abort("running as root, and a read-only bind mount is not permitted here");
            }
            readOnly = new ReadOnlyDirectory(directory, true, Map.of());
        } else {
            Map<Path, Set<PosixFilePermission>> saved = new HashMap<>();
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    saved.put(file, Files.getPosixFilePermissions(file));
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
                }
            }
            saved.put(directory, Files.getPosixFilePermissions(directory));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-x------"));
            readOnly = new ReadOnlyDirectory(directory, false, saved);
        }
        try {
            Files.delete(Files.createTempFile(directory, "probe", ".tmp"));
            readOnly.close();
            abort("the directory stayed writable");
        } catch (IOException expected) {
            // read-only indeed
        }
        return readOnly;
    }

    private static void abort(String why) {
        System.out.println("read-only directory test skipped: " + why);
        Assumptions.abort(why);
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException noSuchProgram) {
            return false;
        }
        process.getInputStream().readAllBytes();
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            try {
                run("umount", directory.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Map.Entry<Path, Set<PosixFilePermission>> saved : permissions.entrySet()) {
            Files.setPosixFilePermissions(saved.getKey(), saved.getValue());
        }
    }
}
