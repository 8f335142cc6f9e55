package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapRequest;

/** DELETE: a folder and its messages, but never the one this session has selected. */
final class DeleteHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        String name = ImapArguments.onlyMailbox(request);
        if (c.selected != null && c.selected.folder().name().equalsIgnoreCase(name)) {
            // Deleting the selected folder would leave this session on a dead folder.
            c.failed(request.tag(), command);
            return;
        }
        c.changeFolders(request.tag(), command, () -> c.folders.delete(name));
    }
}
