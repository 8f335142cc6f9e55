package dev.o365emulator.server.internal.store;

/** {@link MailFolderConcurrencyContract} against the Maildir store. */
class MaildirMailFolderConcurrencyTest extends MailFolderConcurrencyContract {
    @Override
    StoreKind kind() {
        return StoreKind.MAILDIR;
    }
}
