package dev.o365emulator.server.testing;

import dev.o365emulator.server.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The store a benchmark main runs on: {@code -Dbench.store=memory} (the default) or {@code maildir} (in a
 * new temporary directory), with {@code -Dbench.fsync=always} (the default) or {@code never}.
 */
public final class BenchmarkStore {
    private BenchmarkStore() {
    }

    /** Applies the chosen store to {@code builder} and says which it is. */
    public static Emulator.Builder apply(Emulator.Builder builder) {
        String store = System.getProperty("bench.store", "memory");
        boolean fsync = !"never".equals(System.getProperty("bench.fsync", "always"));
        if (!store.equals("maildir")) {
            System.out.println("store: memory");
            return builder;
        }
        try {
            var root = Files.createTempDirectory("bench-maildir");
            System.out.println("store: maildir in " + root + ", fsync " + (fsync ? "always" : "never"));
            return builder.maildir(root).fsync(fsync);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
