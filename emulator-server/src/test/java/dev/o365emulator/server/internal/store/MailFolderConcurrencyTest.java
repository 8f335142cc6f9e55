package dev.o365emulator.server.internal.store;

/** {@link MailFolderConcurrencyContract} against the in-memory store. */
class MailFolderConcurrencyTest extends MailFolderConcurrencyContract {
    @Override
    StoreKind kind() {
        return StoreKind.MEMORY;
    }
}
