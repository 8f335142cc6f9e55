package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapRequest;

/** RENAME: a folder (and its sub-folders) gets a new name. */
final class RenameHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        require(request.arguments().size() == 2);
        String from = ImapArguments.mailboxName(request.arguments().get(0));
        String to = ImapArguments.mailboxName(request.arguments().get(1));
        c.changeFolders(request.tag(), command, () -> c.folders.rename(from, to));
    }
}
