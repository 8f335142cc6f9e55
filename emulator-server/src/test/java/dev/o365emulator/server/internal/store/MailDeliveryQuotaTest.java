package dev.o365emulator.server.internal.store;

/** {@link MailDeliveryQuotaContract} against the in-memory store. */
class MailDeliveryQuotaTest extends MailDeliveryQuotaContract {
    @Override
    StoreKind kind() {
        return StoreKind.MEMORY;
    }
}
