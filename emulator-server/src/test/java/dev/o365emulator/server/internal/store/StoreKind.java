package dev.o365emulator.server.internal.store;

import dev.o365emulator.server.internal.store.maildir.MaildirOptions;
import dev.o365emulator.server.internal.store.maildir.MaildirStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The two stores the contract suites run against. */
enum StoreKind {
    MEMORY {
        @Override
        MailStorage newStorage() {
            return MailStorage.memory();
        }
    },
    /**
     * Each store in a directory of its own. Without fsync, which changes what survives a machine crash,
     * not what the store does (MaildirStoreTest and the crash test run with it).
     */
    MAILDIR {
        @Override
        MailStorage newStorage() {
            try {
                return MaildirStorage.open(Files.createTempDirectory("maildir-contract"), MaildirOptions.defaults().withFsync(false));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    abstract MailStorage newStorage();

    /** What copies cost this kind's store budget. */
    long cost(long bytes, long copies) {
        return this == MEMORY ? MailStore.cost(bytes, copies) : copies * MailStore.STORED_COPY_OVERHEAD;
    }
}
