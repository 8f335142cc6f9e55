package dev.o365emulator.server.contract;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ImapContract} on 143, plain text until STARTTLS. */
class ImapStartTlsContractIT extends ImapContract {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAP));

    @Override
    EmulatorExtension emulator() {
        return emulator;
    }

    @Override
    Endpoint endpoint() {
        return Endpoint.IMAP;
    }
}
