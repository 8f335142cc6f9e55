package dev.o365emulator.server.internal.store;

import dev.o365emulator.server.internal.store.maildir.MaildirStorage;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;

/**
 * The base of the store's contract suites: each runs once against the in-memory store and once against
 * the Maildir store (a subclass each), so both keep the same promises.
 */
abstract class StoreContract {
    private final List<MailStore> opened = new ArrayList<>();

    /** Which store this run is for; called while the test instance is built, so it must not use fields. */
    abstract StoreKind kind();

    MailStore newStore(Clock clock) {
        return newStore(clock, MailStore.DEFAULT_MAX_MESSAGES_PER_FOLDER, MailboxStore.DEFAULT_MAX_FOLDERS);
    }

    MailStore newStore(Clock clock, int maxMessagesPerFolder, int maxFolders) {
        return track(new MailStore(clock, maxMessagesPerFolder, maxFolders, a -> Long.MAX_VALUE,
                MemoryBudget.unlimited(), kind().newStorage()));
    }

    MailStore newStore(Clock clock, ToLongFunction<String> quotas, MemoryBudget budget) {
        return track(new MailStore(clock, quotas, budget, kind().newStorage()));
    }

    long cost(long bytes, long copies) {
        return kind().cost(bytes, copies);
    }

    private MailStore track(MailStore store) {
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() throws IOException {
        for (MailStore s : opened) {
            s.close();
            if (s.storage() instanceof MaildirStorage m) {
                deleteTree(m.root());
            }
        }
        opened.clear();
    }

    static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
