package dev.o365emulator.server.internal.store;

/** {@link MailDeliveryQuotaContract} against the Maildir store. */
class MaildirMailDeliveryQuotaTest extends MailDeliveryQuotaContract {
    @Override
    StoreKind kind() {
        return StoreKind.MAILDIR;
    }
}
