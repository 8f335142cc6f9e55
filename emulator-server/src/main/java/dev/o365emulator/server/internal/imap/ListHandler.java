package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MessageHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * LIST and LSUB (subscribed folders only), with Exchange's attributes: {@code \Marked} on an INBOX with
 * unseen mail, {@code \HasChildren}/{@code \HasNoChildren}, and the special-use attributes even though
 * SPECIAL-USE is not advertised.
 */
final class ListHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        List<ImapArgument> args = request.arguments();
        require(args.size() == 2 && args.get(0).stringValue() != null && args.get(1).stringValue() != null);
        // Names are matched in Unicode, as stored: the client spells them in modified UTF-7.
        String reference = listName(args.get(0).stringValue());
        String pattern = listName(args.get(1).stringValue());
        boolean subscribedOnly = command == ImapCommand.LSUB;
        if (pattern.isEmpty()) {
            // RFC 3501 §6.3.8: an empty pattern asks for the delimiter and root.
            c.untagged(command + " (\\Noselect) \"/\" \"\"");
            c.completed(request.tag(), command);
            return;
        }
        ListPattern matcher = ListPattern.of(reference, pattern);
        boolean inboxUnseen = false;
        boolean inboxChecked = false;
        for (MailboxStore.FolderInfo info : c.folders.list()) {
            if ((subscribedOnly && !info.subscribed()) || !matcher.matches(info.name())) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (info.name().equals(MailboxStore.INBOX)) {
                if (!inboxChecked) {
                    inboxUnseen = hasUnseen(c.folders.inbox());
                    inboxChecked = true;
                }
                if (inboxUnseen) {
                    attributes.add("\\Marked");
                }
            }
            attributes.add(info.hasChildren() ? "\\HasChildren" : "\\HasNoChildren");
            info.specialUse().ifPresent(use -> attributes.add(use.imapAttribute()));
            ImapUntaggedResponse line = ImapUntaggedResponse.builder()
                    .text(command + " (" + String.join(" ", attributes) + ") \"/\" ")
                    .astring(ModifiedUtf7.encode(info.name())).build();
            c.send(line, line.toString());
        }
        c.completed(request.tag(), command);
    }

    private static String listName(String wire) {
        try {
            return ModifiedUtf7.decode(wire);
        } catch (IllegalArgumentException notModifiedUtf7) {
            return wire;
        }
    }

    private static boolean hasUnseen(MailFolder folder) {
        for (MessageHandle m : folder.snapshot().messages()) {
            if (!m.flags().contains(Flags.SystemFlag.SEEN)) {
                return true;
            }
        }
        return false;
    }
}
