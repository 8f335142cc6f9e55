package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.TenantControl;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.internal.tenant.TenantSectionMapper;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.TenantSettings;
import java.util.function.UnaryOperator;

/** {@link TenantControl} over the live tenant; its decisions stay internal. */
final class TenantFacade implements TenantControl {

    private final Tenant tenant;

    TenantFacade(Tenant tenant) {
        this.tenant = tenant;
    }

    @Override
    public TenantSettings settings() {
        return tenant.settings();
    }

    @Override
    public TenantSettings update(UnaryOperator<TenantSettings.Builder> change) {
        return tenant.update(change);
    }

    @Override
    public TenantSettings updateMailbox(String address, UnaryOperator<Mailbox.Builder> change) {
        return tenant.updateMailbox(address, change);
    }

    @Override
    public TenantSettings putMailbox(Mailbox mailbox) {
        return tenant.putMailbox(mailbox);
    }

    @Override
    public TenantSettings apply(TenantSection section) {
        return tenant.update(b -> TenantSectionMapper.apply(b.build(), section).toBuilder());
    }

    @Override
    public void configure(TenantSettings settings) {
        tenant.configure(settings);
    }

    @Override
    public void reset() {
        tenant.reset();
    }
}
