package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapCommandArguments;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.MailFolder;
import java.util.Map;

/** STORE and UID STORE: flags replaced, added or removed, and the new flags reported unless {@code .SILENT}. */
final class StoreHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        ImapCommandArguments.Store store = ImapArguments.typed(request, ImapCommandArguments.Store.class);
        boolean uid = ImapArguments.uid(request);
        MailFolder.FlagOperation operation = switch (store.mode()) {
            case REPLACE -> MailFolder.FlagOperation.REPLACE;
            case ADD -> MailFolder.FlagOperation.ADD;
            case REMOVE -> MailFolder.FlagOperation.REMOVE;
        };
        Flags flags = ImapArguments.flags(store.flags());
        String tag = request.tag();
        SelectedMailbox selected = c.selected;
        if (selected.readOnly()) {
            c.failed(tag, command);
            return;
        }
        Map<Long, Flags> result;
        try {
            result = selected.folder().storeFlags(c.uids(store.set(), uid), operation, flags);
        } catch (FolderException e) {
            c.failed(tag, command);
            return;
        }
        boolean learnt = false;
        for (Flags stored : result.values()) {
            learnt |= selected.learnKeywords(stored);
        }
        if (learnt) {
            // RFC 3501 §7.2.6: a new keyword is named in FLAGS before any FETCH shows it, even after .SILENT.
            c.untagged(ImapReplies.flags(selected.keywords()));
        }
        if (!store.silent()) {
            for (Map.Entry<Long, Flags> e : result.entrySet()) {
                c.untagged(selected.sequenceOf(e.getKey()) + " FETCH (FLAGS (" + e.getValue().joined()
                        + ")" + (uid ? " UID " + e.getKey() : "") + ")");
            }
        }
        // With .SILENT the client asked not to hear of its own change (RFC 3501 §6.4.6).
        selected.flagsReported(result);
        c.completed(tag, command);
    }
}
