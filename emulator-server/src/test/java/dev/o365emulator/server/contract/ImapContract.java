package dev.o365emulator.server.contract;

/** {@link StoreContract} for IMAP: a wrong password gets {@code NO AUTHENTICATE failed.} (or {@code LOGIN failed.}). */
abstract class ImapContract extends StoreContract {

    @Override
    final String refusal() {
        return "failed.";
    }
}
