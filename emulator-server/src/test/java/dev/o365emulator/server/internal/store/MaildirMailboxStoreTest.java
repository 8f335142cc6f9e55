package dev.o365emulator.server.internal.store;

/** {@link MailboxStoreContract} against the Maildir store. */
class MaildirMailboxStoreTest extends MailboxStoreContract {
    @Override
    StoreKind kind() {
        return StoreKind.MAILDIR;
    }
}
