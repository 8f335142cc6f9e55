package dev.o365emulator.server.contract;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ImapContract} on 993, TLS from the first byte. */
class ImapImplicitTlsContractIT extends ImapContract {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAPS));

    @Override
    EmulatorExtension emulator() {
        return emulator;
    }

    @Override
    Endpoint endpoint() {
        return Endpoint.IMAPS;
    }
}
