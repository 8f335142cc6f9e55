package dev.o365emulator.server.internal.store;

/** {@link StoreQuotaContract} against the in-memory store. */
class StoreQuotaTest extends StoreQuotaContract {
    @Override
    StoreKind kind() {
        return StoreKind.MEMORY;
    }
}
