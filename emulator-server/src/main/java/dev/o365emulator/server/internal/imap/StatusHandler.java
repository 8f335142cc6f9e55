package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MailFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** STATUS: a folder's counts without selecting it; RECENT is always 0, as Exchange keeps no recent flag. */
final class StatusHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        List<ImapArgument> args = request.arguments();
        require(args.size() == 2 && args.get(1) instanceof ImapArgument.ListArgument);
        String name = ImapArguments.mailboxName(args.get(0));
        List<ImapArgument> items = ((ImapArgument.ListArgument) args.get(1)).elements();
        require(!items.isEmpty());
        Optional<MailFolder> folder = c.folder(name);
        if (folder.isEmpty()) {
            c.failed(request.tag(), command);
            return;
        }
        FolderSnapshot snapshot = folder.get().snapshot();
        List<String> out = new ArrayList<>();
        for (ImapArgument item : items) {
            require(item instanceof ImapArgument.Atom);
            String key = item.stringValue().toUpperCase(Locale.ROOT);
            long value = switch (key) {
                case "MESSAGES" -> snapshot.exists();
                case "RECENT" -> 0;
                case "UIDNEXT" -> snapshot.uidNext();
                case "UIDVALIDITY" -> snapshot.uidValidity();
                case "UNSEEN" -> snapshot.messages().stream()
                        .filter(m -> !m.flags().contains(Flags.SystemFlag.SEEN)).count();
                default -> throw new BadArguments();
            };
            out.add(key + " " + value);
        }
        ImapUntaggedResponse line = ImapUntaggedResponse.builder().text("STATUS ")
                .astring(ModifiedUtf7.encode(folder.get().name())).text(" (" + String.join(" ", out) + ")").build();
        c.send(line, line.toString());
        c.completed(request.tag(), command);
    }
}
