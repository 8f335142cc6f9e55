package dev.o365emulator.server.contract;

/** {@link StoreContract} for POP3: a wrong password gets {@code -ERR Authentication failure: unknown user name or bad password.} */
abstract class Pop3Contract extends StoreContract {

    @Override
    final String refusal() {
        return "unknown user name or bad password";
    }
}
