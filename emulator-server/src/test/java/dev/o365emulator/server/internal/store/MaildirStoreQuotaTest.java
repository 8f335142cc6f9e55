package dev.o365emulator.server.internal.store;

/** {@link StoreQuotaContract} against the Maildir store. */
class MaildirStoreQuotaTest extends StoreQuotaContract {
    @Override
    StoreKind kind() {
        return StoreKind.MAILDIR;
    }
}
