package dev.o365emulator.server.internal.store;

/** {@link MailFolderContract} against the Maildir store. */
class MaildirMailFolderTest extends MailFolderContract {
    @Override
    StoreKind kind() {
        return StoreKind.MAILDIR;
    }
}
