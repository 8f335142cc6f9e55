package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapCommandArguments;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.store.Flags;
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
        java.util.List<Long> uids = c.uids(store.set(), uid);
        c.write(tag, command, () -> selected.folder().storeFlags(uids, operation, flags), written -> {
            if (written.refused() != null) {
                c.failed(tag, command);
            } else {
                answer(c, command, tag, selected, store.silent(), uid, written.result());
            }
        });
    }

    private static void answer(ImapConnection c, ImapCommand command, String tag, SelectedMailbox selected,
            boolean silent, boolean uid, Map<Long, Flags> result) {
        boolean learnt = false;
        for (Flags stored : result.values()) {
            learnt |= selected.learnKeywords(stored);
        }
        if (learnt) {
            // RFC 3501 §7.2.6: a new keyword is named in FLAGS before any FETCH shows it, even after .SILENT.
            c.untagged(ImapReplies.flags(selected.keywords()));
        }
        if (!silent) {
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
