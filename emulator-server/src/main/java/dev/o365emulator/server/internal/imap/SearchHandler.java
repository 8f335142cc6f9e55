package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapCommandArguments;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoreWriter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SEARCH and UID SEARCH over the selected folder, in US-ASCII or UTF-8. Where a message the search may
 * look into is a file the store has not got in memory (Maildir), the search runs on a store writer, not on
 * the event loop, over the same snapshot and numbering; its answer is written here.
 */
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
        long maxUid = selected.maxUid();
        // The session's numbering now: the selected view is the event loop's own, the snapshot anyone's.
        long[] uids = new long[(int) selected.exists()];
        boolean readsFiles = false;
        for (int sequence = 1; sequence <= uids.length; sequence++) {
            uids[sequence - 1] = selected.uid(sequence);
            if (!readsFiles) {
                Optional<MessageHandle> handle = snapshot.byUid(uids[sequence - 1]);
                readsFiles = handle.isPresent() && handle.get().message().source().wouldRead(false);
            }
        }
        Supplier<String> evaluate = () -> {
            try {
                return evaluate(search, uid, snapshot, uids, maxUid);
            } catch (IllegalArgumentException unsupported) {
                return null;
            }
        };
        StoreWriter writer = c.context.store().writer();
        if (!readsFiles || writer == null || !c.executor.offload(writer, evaluate, line -> {
            if (c.ctx.channel().isActive()) {
                answer(c, command, request.tag(), line);
            }
        })) {
            // Nothing to read, or every writer busy: searched here, as a store in memory always is.
            answer(c, command, request.tag(), evaluate.get());
        }
    }

    private static String evaluate(ImapCommandArguments.Search search, boolean uid, FolderSnapshot snapshot, long[] uids,
            long maxUid) {
        StringBuilder line = new StringBuilder("SEARCH");
        for (int sequence = 1; sequence <= uids.length; sequence++) {
            Optional<MessageHandle> handle = snapshot.byUid(uids[sequence - 1]);
            if (handle.isPresent() && SearchEvaluator.matches(search.key(), sequence,
                    ImapConnection.withSequence(handle.get(), sequence), uids.length, maxUid)) {
                line.append(' ').append(uid ? uids[sequence - 1] : sequence);
            }
        }
        return line.toString();
    }

    /** The untagged result and the completion; {@code null} is a key the search cannot evaluate. */
    private static void answer(ImapConnection c, ImapCommand command, String tag, String line) {
        if (line == null) {
            c.reply(tag, ImapCatalogue.ARGUMENT_ERROR);
            return;
        }
        c.untagged(line);
        c.completed(tag, command);
    }
}
