package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapRequest;

/** SUBSCRIBE and UNSUBSCRIBE: what LSUB lists. */
final class SubscribeHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        String name = ImapArguments.onlyMailbox(request);
        boolean subscribe = command == ImapCommand.SUBSCRIBE;
        c.changeFolders(request.tag(), command, () -> c.folders.subscribe(name, subscribe));
    }
}
