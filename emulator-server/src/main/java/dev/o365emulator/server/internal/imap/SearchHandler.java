package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapCommandArguments;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MessageHandle;
import java.util.Optional;

/** SEARCH and UID SEARCH over the selected folder, in US-ASCII or UTF-8. */
final class SearchHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        ImapCommandArguments.Search search = ImapArguments.typed(request, ImapCommandArguments.Search.class);
        boolean uid = ImapArguments.uid(request);
        if (search.charset() != null && !search.charset().equalsIgnoreCase("UTF-8")
                && !search.charset().equalsIgnoreCase("US-ASCII")) {
            c.reply(request.tag(), ImapCatalogue.BAD_CHARSET);
            return;
        }
        SelectedMailbox selected = c.selected;
        FolderSnapshot snapshot = selected.folder().snapshot();
        StringBuilder line = new StringBuilder("SEARCH");
        long maxSequence = selected.exists();
        long maxUid = selected.maxUid();
        try {
            for (int sequence = 1; sequence <= maxSequence; sequence++) {
                long messageUid = selected.uid(sequence);
                Optional<MessageHandle> handle = snapshot.byUid(messageUid);
                if (handle.isPresent() && SearchEvaluator.matches(search.key(), sequence,
                        ImapConnection.withSequence(handle.get(), sequence), maxSequence, maxUid)) {
                    line.append(' ').append(uid ? messageUid : sequence);
                }
            }
        } catch (IllegalArgumentException unsupported) {
            throw new BadArguments();
        }
        c.untagged(line.toString());
        c.completed(request.tag(), command);
    }
}
