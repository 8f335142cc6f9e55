package dev.o365emulator.server.contract;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SmtpContract} on 465, TLS from the first byte (served by the generic scenario; Office 365 does not). */
class SmtpImplicitTlsContractIT extends SmtpContract {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SMTPS)
            .scenario("generic"));

    @Override
    EmulatorExtension emulator() {
        return emulator;
    }

    @Override
    Endpoint endpoint() {
        return Endpoint.SMTPS;
    }
}
