package dev.o365emulator.server.contract;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Pop3Contract} on 110, plain text until STLS. */
class Pop3StartTlsContractIT extends Pop3Contract {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.POP3));

    @Override
    EmulatorExtension emulator() {
        return emulator;
    }

    @Override
    Endpoint endpoint() {
        return Endpoint.POP3;
    }
}
