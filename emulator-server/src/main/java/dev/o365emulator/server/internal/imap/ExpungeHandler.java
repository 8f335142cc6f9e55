package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapCommandArguments;
import dev.o365emulator.codec.imap.ImapRequest;
import java.util.List;

/** EXPUNGE, and UID EXPUNGE (RFC 4315) for the messages of a UID set only. */
final class ExpungeHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        ImapCommandArguments.Expunge uidSet = null;
        if (ImapArguments.uid(request)) {
            uidSet = ImapArguments.typed(request, ImapCommandArguments.Expunge.class);
        } else {
            require(request.arguments().isEmpty());
        }
        String tag = request.tag();
        if (c.selected.readOnly()) {
            c.failed(tag, command);
            return;
        }
        SelectedMailbox selected = c.selected;
        List<Long> only = uidSet == null ? null : c.uids(uidSet.uids(), true);
        c.write(tag, command, () -> only == null ? selected.folder().expunge() : selected.folder().expunge(only),
                written -> {
                    if (written.refused() != null) {
                        c.failed(tag, command);
                        return;
                    }
                    for (int sequence : selected.expungedBySession(written.result())) {
                        c.untagged(sequence + " EXPUNGE");
                    }
                    c.sendUpdates(true);
                    c.completed(tag, command);
                });
    }
}
