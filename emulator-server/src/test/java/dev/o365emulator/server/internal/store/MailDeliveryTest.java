package dev.o365emulator.server.internal.store;

/** {@link MailDeliveryContract} against the in-memory store. */
class MailDeliveryTest extends MailDeliveryContract {
    @Override
    StoreKind kind() {
        return StoreKind.MEMORY;
    }
}
