package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.store.MailFolder;

/** CLOSE (expunging silently, RFC 3501 §6.4.2, unless read-only) and UNSELECT (RFC 3691, without expunging). */
final class CloseHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        require(request.arguments().isEmpty());
        if (command == ImapCommand.CLOSE && !c.selected.readOnly()) {
            MailFolder folder = c.selected.folder();
            c.write(request.tag(), command, folder::expunge, written -> {
                if (written.refused() != null) {
                    c.record.event("CLOSE on a deleted folder");
                }
                c.deselect();
                c.completed(request.tag(), command);
            });
            return;
        }
        c.deselect();
        c.completed(request.tag(), command);
    }
}
