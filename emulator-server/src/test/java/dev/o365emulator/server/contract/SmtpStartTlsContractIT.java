package dev.o365emulator.server.contract;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SmtpContract} on 587, plain text until STARTTLS. */
class SmtpStartTlsContractIT extends SmtpContract {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SUBMISSION));

    @Override
    EmulatorExtension emulator() {
        return emulator;
    }

    @Override
    Endpoint endpoint() {
        return Endpoint.SUBMISSION;
    }
}
