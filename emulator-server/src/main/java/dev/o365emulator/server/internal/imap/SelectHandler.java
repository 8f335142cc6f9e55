package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.store.MailFolder;
import java.util.Optional;

/**
 * SELECT and EXAMINE (read-only): the folder's counts, flags (with the keywords its messages carry) and
 * UIDs, and the first unseen message, as Exchange lists them.
 */
final class SelectHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        String name = ImapArguments.onlyMailbox(request);
        boolean readOnly = command == ImapCommand.EXAMINE;
        String tag = request.tag();
        // RFC 3501 §6.3.1: a SELECT deselects first, and a failed one leaves the session unselected.
        c.deselect();
        Optional<MailFolder> folder = c.folder(name);
        if (folder.isEmpty()) {
            c.failed(tag, command);
            return;
        }
        c.selected = SelectedMailbox.open(folder.get(), readOnly, c::wakeUp);
        c.state = ImapState.SELECTED;
        c.untagged(c.selected.exists() + " EXISTS");
        c.untagged("0 RECENT");
        c.untagged(ImapReplies.flags(c.selected.keywords()));
        c.unsolicited(ImapReplies.permanentFlags(c.selected.keywords()));
        int firstUnseen = c.selected.firstUnseen();
        if (firstUnseen > 0) {
            // RFC 3501 §6.3.1 requires it when there is an unseen message; Exchange sends it there.
            c.unsolicited(ImapCatalogue.SELECT_UNSEEN.with(ReplyArgs.of("unseen", Integer.toString(firstUnseen))));
        }
        c.unsolicited(ImapCatalogue.SELECT_UID_VALIDITY.with(
                ReplyArgs.of("uidValidity", Long.toString(folder.get().uidValidity()))));
        c.unsolicited(ImapCatalogue.SELECT_UID_NEXT.with(ReplyArgs.of("uidNext", Long.toString(folder.get().uidNext()))));
        c.reply(tag, ImapReplies.completed(command), readOnly ? "READ-ONLY" : "READ-WRITE");
    }
}
