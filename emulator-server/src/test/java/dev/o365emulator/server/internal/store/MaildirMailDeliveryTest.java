package dev.o365emulator.server.internal.store;

/** {@link MailDeliveryContract} against the Maildir store. */
class MaildirMailDeliveryTest extends MailDeliveryContract {
    @Override
    StoreKind kind() {
        return StoreKind.MAILDIR;
    }
}
