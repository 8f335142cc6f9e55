package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapCommandArguments;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.store.MailFolder;
import java.util.List;
import java.util.Optional;

/** COPY and MOVE (RFC 6851), plain or UID, answered with {@code COPYUID} (RFC 4315). */
final class CopyHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        ImapCommandArguments.Copy copy = ImapArguments.typed(request, ImapCommandArguments.Copy.class);
        String name = ImapArguments.mailboxName(copy.mailbox());
        boolean move = command == ImapCommand.MOVE;
        String tag = request.tag();
        SelectedMailbox selected = c.selected;
        Optional<MailFolder> destination = c.folder(name);
        if (destination.isEmpty()) {
            c.reply(tag, ImapReplies.naming(ImapCatalogue.TRY_CREATE, command));
            return;
        }
        if (move && selected.readOnly()) {
            c.failed(tag, command);
            return;
        }
        List<Long> uids = c.uids(copy.set(), ImapArguments.uid(request));
        MailFolder target = destination.get();
        c.write(tag, command, () -> move ? selected.folder().moveTo(uids, target) : selected.folder().copyTo(uids, target),
                written -> {
                    if (written.refused() != null) {
                        c.record.event(command + " failed: " + written.refused().getMessage());
                        c.refuseStore(tag, command, written.refused().reason());
                    } else {
                        answer(c, command, tag, selected, written.result());
                    }
                });
    }

    private static void answer(ImapConnection c, ImapCommand command, String tag, SelectedMailbox selected,
            MailFolder.CopyResult result) {
        boolean move = command == ImapCommand.MOVE;
        String code = result.sourceUids().isEmpty() ? null : "COPYUID " + result.destinationUidValidity() + " "
                + UidSets.compact(result.sourceUids()) + " " + UidSets.compact(result.destinationUids());
        if (!move) {
            c.sendUpdates(true);
            c.reply(tag, ImapReplies.completed(command), code);
            return;
        }
        // The Exchange fixture: untagged OK [COPYUID], the EXPUNGEs, then EXISTS.
        if (code != null) {
            c.untagged("OK [" + code + "]");
        }
        for (int sequence : selected.expungedBySession(result.sourceUids())) {
            c.untagged(sequence + " EXPUNGE");
        }
        boolean existsSent = false;
        for (SelectedMailbox.Update update : selected.updates(true)) {
            c.untagged(update.line());
            existsSent |= update.line().endsWith(" EXISTS");
        }
        if (!existsSent && !result.sourceUids().isEmpty()) {
            c.untagged(selected.exists() + " EXISTS");
        }
        c.completed(tag, command);
    }
}
