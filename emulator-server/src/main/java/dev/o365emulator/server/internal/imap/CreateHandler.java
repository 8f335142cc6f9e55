package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.store.FolderException;

/** CREATE: a new folder (its parents too), refused if it exists. */
final class CreateHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        String name = ImapArguments.onlyMailbox(request);
        // RFC 3501 §6.3.3: a trailing delimiter only says the client intends sub-folders.
        while (name.length() > 1 && name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        String folder = name;
        c.changeFolders(request.tag(), command, () -> {
            if (c.folders.folder(folder).isPresent()) {
                throw new FolderException(FolderException.Reason.ALREADY_EXISTS, folder + " exists");
            }
            c.folders.create(folder);
        });
    }
}
