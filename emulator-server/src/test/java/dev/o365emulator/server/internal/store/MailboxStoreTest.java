package dev.o365emulator.server.internal.store;

/** {@link MailboxStoreContract} against the in-memory store. */
class MailboxStoreTest extends MailboxStoreContract {
    @Override
    StoreKind kind() {
        return StoreKind.MEMORY;
    }
}
