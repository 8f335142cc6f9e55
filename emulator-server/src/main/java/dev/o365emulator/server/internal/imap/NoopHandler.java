package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapRequest;

/** NOOP and CHECK: nothing to do but report what other sessions changed before the OK. */
final class NoopHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        require(request.arguments().isEmpty());
        c.completed(request.tag(), command);
    }
}
